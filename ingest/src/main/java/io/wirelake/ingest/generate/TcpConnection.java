package io.wirelake.ingest.generate;

import io.wirelake.ingest.capture.CapturedFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Simulates one TCP connection as a capture point between client and server sees it: handshake,
 * data split at the MSS with the receiver acknowledging every second segment, FIN close or RST.
 * Sequence and acknowledgment numbers, IP ids and TCP timestamps are tracked per direction.
 *
 * <p>Times are microseconds at the capture point; {@code clientRtt} and {@code serverRtt} are the
 * round trips from the capture point to each end and back.
 */
final class TcpConnection {

  static final int MSS = 1448;
  static final String IFACE = "eth0";
  private static final byte[] NO_DATA = new byte[0];

  private final FrameBuilder builder;
  private final Rng rng;
  private final End client;
  private final End server;
  private final long clientRtt;
  private final long serverRtt;
  private final List<Timed> frames = new ArrayList<>();
  private long clientPayload;
  private long serverPayload;

  /** One side of the connection. */
  private static final class End {
    final int ip;
    final int port;
    final int window;
    final long tsBase;
    long seq;
    int ipId;
    long lastTsval;

    End(int ip, int port, int window, Rng rng) {
      this.ip = ip;
      this.port = port;
      this.window = window;
      this.seq = rng.nextLong() & 0xffffffffL;
      this.ipId = rng.nextInt(65536);
      this.tsBase = rng.nextLong() & 0xffffffffL;
    }
  }

  private record Timed(long ts, int order, CapturedFrame frame) {}

  TcpConnection(FrameBuilder builder, Rng rng, int clientIp, int clientPort, int serverIp,
      int serverPort, long clientRtt, long serverRtt) {
    this.builder = builder;
    this.rng = rng;
    this.client = new End(clientIp, clientPort, 502, rng);
    this.server = new End(serverIp, serverPort, 509, rng);
    this.clientRtt = clientRtt;
    this.serverRtt = serverRtt;
  }

  /** Three-way handshake starting at {@code t}; returns the time of the final ACK. */
  long open(long t) {
    emit(t, client, server, FrameBuilder.SYN, 64240, null, 0, 0, false);
    client.seq = (client.seq + 1) & 0xffffffffL;
    long synAck = t + serverRtt;
    emit(synAck, server, client, FrameBuilder.SYN | FrameBuilder.ACK, 65160, null, 0, 0, true);
    server.seq = (server.seq + 1) & 0xffffffffL;
    long ack = synAck + clientRtt;
    emit(ack, client, server, FrameBuilder.ACK, client.window, null, 0, 0, true);
    return ack;
  }

  /**
   * Sends {@code data} from one side starting at {@code t}, split at the MSS; the receiver
   * acknowledges every second segment, and the last one too when {@code ackLast}.
   *
   * @return the time of the last data segment
   */
  long send(boolean fromClient, byte[] data, long t, boolean ackLast) {
    End from = fromClient ? client : server;
    End to = fromClient ? server : client;
    long receiverRtt = fromClient ? serverRtt : clientRtt;
    long time = t;
    int segments = 0;
    for (int off = 0; off < data.length; off += MSS) {
      int len = Math.min(MSS, data.length - off);
      boolean last = off + len == data.length;
      if (off > 0) {
        time += rng.between(1, 3);
      }
      int flags = FrameBuilder.ACK | (last ? FrameBuilder.PSH : 0);
      emit(time, from, to, flags, from.window, data, off, len, true);
      from.seq = (from.seq + len) & 0xffffffffL;
      segments++;
      if (segments % 2 == 0 || (last && ackLast)) {
        emit(time + receiverRtt + rng.between(2, 12), to, from, FrameBuilder.ACK, to.window,
            null, 0, 0, true);
      }
    }
    if (fromClient) {
      clientPayload += data.length;
    } else {
      serverPayload += data.length;
    }
    return time;
  }

  /** The client closes: FIN, the server's FIN, the last ACK. Returns the time of the last ACK. */
  long closeByClient(long t) {
    return close(t, client, server, serverRtt, clientRtt);
  }

  /** The server closes first (as after Connection: close). Returns the time of the last ACK. */
  long closeByServer(long t) {
    return close(t, server, client, clientRtt, serverRtt);
  }

  private long close(long t, End first, End second, long secondRtt, long firstRtt) {
    emit(t, first, second, FrameBuilder.FIN | FrameBuilder.ACK, first.window, null, 0, 0, true);
    first.seq = (first.seq + 1) & 0xffffffffL;
    long finAck = t + secondRtt + rng.between(5, 40);
    emit(finAck, second, first, FrameBuilder.FIN | FrameBuilder.ACK, second.window, null, 0, 0,
        true);
    second.seq = (second.seq + 1) & 0xffffffffL;
    long last = finAck + firstRtt;
    emit(last, first, second, FrameBuilder.ACK, first.window, null, 0, 0, true);
    return last;
  }

  /** The client aborts the connection with RST/ACK. */
  long resetByClient(long t) {
    emit(t, client, server, FrameBuilder.RST | FrameBuilder.ACK, 0, null, 0, 0, true);
    return t;
  }

  long clientRtt() {
    return clientRtt;
  }

  long serverRtt() {
    return serverRtt;
  }

  long clientPayload() {
    return clientPayload;
  }

  long serverPayload() {
    return serverPayload;
  }

  /** The connection's frames in capture order (stable for equal times). */
  List<CapturedFrame> frames() {
    frames.sort(Comparator.comparingLong(Timed::ts).thenComparingInt(Timed::order));
    List<CapturedFrame> out = new ArrayList<>(frames.size());
    for (Timed t : frames) {
      out.add(t.frame());
    }
    return out;
  }

  private void emit(long t, End from, End to, int flags, int window, byte[] data, int off,
      int len, boolean withAck) {
    long tsval = (from.tsBase + t / 1000) & 0xffffffffL;
    from.lastTsval = tsval;
    long ack = withAck ? to.seq : 0;
    byte[] frame = builder.tcp(from.ip, from.port, to.ip, to.port, from.ipId, from.seq, ack,
        flags, window, tsval, (flags & FrameBuilder.SYN) != 0 && !withAck ? 0 : to.lastTsval,
        data == null ? NO_DATA : data, off, len);
    from.ipId = (from.ipId + 1) & 0xffff;
    frames.add(new Timed(t, frames.size(), new CapturedFrame(t, 1, IFACE, frame, frame.length)));
  }
}
