package io.wirelake.flink.dns;

import io.wirelake.flink.l7.L7Context;
import io.wirelake.flink.l7.L7Dissector;

/**
 * DNS over TCP: each direction cut into length-prefixed messages ({@link DnsTcpFramer}), several queries per
 * connection, paired by id ({@link DnsPairing}). A message completes at the time of the chunk holding its last
 * byte (tshark's reassembled PDU): latency = response completion - query completion ({@code dns.time}); ttfb
 * runs to the chunk holding the response's first byte (its length prefix). Queries still unanswered when the
 * connection ends are emitted with {@code no response}.
 *
 * <p>Plain mutable state, Kryo-serializable; the context is only held (transient) during a call.
 */
final class DnsTcpDissector implements L7Dissector, DnsTcpFramer.Sink {
  static final String TRANSPORT = "tcp";
  static final String NO_RESPONSE_GAP = "no response (capture gap)";

  private DnsTcpFramer[] framers = {new DnsTcpFramer(), new DnsTcpFramer()};
  private DnsPairing pairing = new DnsPairing(TRANSPORT);
  private long malformed;
  private long damaged;

  private transient L7Context ctx;

  DnsTcpDissector() {}

  @Override
  public String protocol() {
    return DnsRows.PROTOCOL;
  }

  @Override
  public void onData(int direction, byte[] buf, int off, int len, long tsMicros, L7Context context) {
    ctx = context;
    try {
      framers[direction].feed(buf, off, len, tsMicros, this);
    } finally {
      ctx = null;
    }
  }

  @Override
  public void message(byte[] buf, int off, int len, long firstByteTs, long ts) {
    DnsMessage m = DnsParser.parse(buf, off, len);
    if (m == null) {
      malformed++;
      return;
    }
    if (m.isResponse()) {
      pairing.onResponse(m, firstByteTs, ts, ctx);
    } else {
      pairing.onQuery(m, ts, ctx);
    }
  }

  @Override
  public void onGap(int direction, long bytes, long tsMicros, L7Context context) {
    if (framers[direction].gap(bytes)) {
      damaged++;
    }
  }

  @Override
  public void onFin(int direction, long tsMicros, L7Context context) {}

  @Override
  public void onClose(long tsMicros, L7Context context) {
    pairing.giveUp(framers[S2C].lost() ? NO_RESPONSE_GAP : DnsRows.NO_RESPONSE, context);
  }

  @Override
  public long bufferedBytes() {
    return framers[C2S].bufferedBytes() + framers[S2C].bufferedBytes() + pairing.pendingCount() * 64L;
  }

  long malformed() {
    return malformed;
  }

  long damaged() {
    return damaged;
  }
}
