package io.wirelake.flink.testutil;

import io.wirelake.flink.model.Packet;
import io.wirelake.schemas.FlowKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built TCP conversations for unit tests: tracks both directions' sequence numbers and builds
 * {@link Packet}s whose payload sits behind 54 bytes of fake headers in the frame (so offsets matter).
 */
public final class TcpScript {
  public static final byte[] CLIENT_IP = {10, 0, 0, 1};
  public static final byte[] SERVER_IP = {10, 0, 0, 2};
  public static final int HEADER = 54;

  public final int clientPort;
  public final int serverPort;
  public final String node;
  public long clientSeq;
  public long serverSeq;
  public final List<Packet> packets = new ArrayList<>();

  public TcpScript(int clientPort, int serverPort, long clientIsn, long serverIsn) {
    this.clientPort = clientPort;
    this.serverPort = serverPort;
    this.node = "node-a";
    this.clientSeq = clientIsn & 0xffffffffL;
    this.serverSeq = serverIsn & 0xffffffffL;
  }

  public TcpScript() {
    this(40000, 80, 1000, 5000);
  }

  public String flowKey() {
    return FlowKeys.canonical(Packet.TCP, CLIENT_IP, clientPort, SERVER_IP, serverPort);
  }

  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  public Packet packet(boolean fromClient, long ts, int flags, long seq, long ack, byte[] payload) {
    byte[] frame = new byte[HEADER + payload.length];
    for (int i = 0; i < HEADER; i++) {
      frame[i] = (byte) 0xEE;
    }
    System.arraycopy(payload, 0, frame, HEADER, payload.length);
    return new Packet(ts, node, flowKey(), 4,
        fromClient ? CLIENT_IP : SERVER_IP, fromClient ? clientPort : serverPort,
        fromClient ? SERVER_IP : CLIENT_IP, fromClient ? serverPort : clientPort,
        Packet.TCP, flags, seq & 0xffffffffL, ack & 0xffffffffL, 65535, frame, HEADER, payload.length);
  }

  private Packet add(Packet p) {
    packets.add(p);
    return p;
  }

  public TcpScript handshake(long tSyn, long tSynAck, long tAck) {
    add(packet(true, tSyn, Packet.SYN, clientSeq, 0, new byte[0]));
    add(packet(false, tSynAck, Packet.SYN | Packet.ACK, serverSeq, clientSeq + 1, new byte[0]));
    clientSeq++;
    serverSeq++;
    add(packet(true, tAck, Packet.ACK, clientSeq, serverSeq, new byte[0]));
    return this;
  }

  /** Client data, in order. */
  public Packet c(long ts, String data) {
    return c(ts, ascii(data));
  }

  public Packet c(long ts, byte[] data) {
    Packet p = add(packet(true, ts, Packet.ACK | Packet.PSH, clientSeq, serverSeq, data));
    clientSeq += data.length;
    return p;
  }

  /** Server data, in order. */
  public Packet s(long ts, String data) {
    return s(ts, ascii(data));
  }

  public Packet s(long ts, byte[] data) {
    Packet p = add(packet(false, ts, Packet.ACK | Packet.PSH, serverSeq, clientSeq, data));
    serverSeq += data.length;
    return p;
  }

  /** A segment at an explicit sequence number (does not advance the script's sequence). */
  public Packet cAt(long ts, long seq, String data) {
    return add(packet(true, ts, Packet.ACK | Packet.PSH, seq, serverSeq, ascii(data)));
  }

  public Packet sAt(long ts, long seq, String data) {
    return add(packet(false, ts, Packet.ACK | Packet.PSH, seq, clientSeq, ascii(data)));
  }

  public Packet cFin(long ts) {
    Packet p = add(packet(true, ts, Packet.FIN | Packet.ACK, clientSeq, serverSeq, new byte[0]));
    clientSeq++;
    return p;
  }

  public Packet sFin(long ts) {
    Packet p = add(packet(false, ts, Packet.FIN | Packet.ACK, serverSeq, clientSeq, new byte[0]));
    serverSeq++;
    return p;
  }

  public Packet cAck(long ts) {
    return add(packet(true, ts, Packet.ACK, clientSeq, serverSeq, new byte[0]));
  }

  public Packet sAck(long ts) {
    return add(packet(false, ts, Packet.ACK, serverSeq, clientSeq, new byte[0]));
  }

  public Packet cRst(long ts) {
    return add(packet(true, ts, Packet.RST | Packet.ACK, clientSeq, serverSeq, new byte[0]));
  }

  /** Client FIN, server FIN, client's last ACK. */
  public TcpScript close(long ts) {
    cFin(ts);
    sFin(ts + 1);
    cAck(ts + 2);
    return this;
  }
}
