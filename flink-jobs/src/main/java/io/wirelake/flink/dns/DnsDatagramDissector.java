package io.wirelake.flink.dns;

import io.wirelake.flink.l7.L7Context;
import io.wirelake.flink.udp.DatagramDissector;

/**
 * DNS over UDP: one message per datagram, paired by {@link DnsPairing}; a query's time is its datagram's, the
 * latency runs to the response datagram (tshark {@code dns.time}). A truncated (TC) answer is a normal response
 * (flagged in its headers); the client's retry over TCP is a transaction of that connection. Datagrams shorter
 * than a header are counted and ignored.
 */
final class DnsDatagramDissector implements DatagramDissector {
  static final String TRANSPORT = "udp";

  private DnsPairing pairing = new DnsPairing(TRANSPORT);
  private long malformed;

  DnsDatagramDissector() {}

  @Override
  public String protocol() {
    return DnsRows.PROTOCOL;
  }

  @Override
  public void onDatagram(int direction, byte[] buf, int off, int len, long tsMicros, L7Context ctx) {
    DnsMessage m = DnsParser.parse(buf, off, len);
    if (m == null) {
      malformed++;
      return;
    }
    if (m.isResponse()) {
      pairing.onResponse(m, tsMicros, tsMicros, ctx);
    } else {
      pairing.onQuery(m, tsMicros, ctx);
    }
  }

  @Override
  public void onTimer(long nowMicros, L7Context ctx) {
    pairing.expire(nowMicros, ctx);
  }

  @Override
  public long nextTimerMicros() {
    return pairing.nextTimerMicros();
  }

  @Override
  public boolean hasPending() {
    return pairing.hasPending();
  }

  @Override
  public void flush(long tsMicros, L7Context ctx) {
    pairing.giveUp(DnsRows.NO_RESPONSE, ctx);
  }

  @Override
  public long bufferedBytes() {
    return pairing.pendingCount() * 64L;
  }

  long malformed() {
    return malformed;
  }

  DnsPairing pairing() {
    return pairing;
  }
}
