package io.wirelake.flink.dns;

/** A query waiting for its response. Plain mutable state, Kryo-serializable. */
final class DnsPending {
  int id;
  int flags;
  String qname;
  int qtype;
  int qclass;
  /** Time of the first transmission: latency runs from here, as tshark's {@code dns.time}. */
  long requestTs;
  long requestBytes;
  /** Later copies of the query (same id, before the answer, within the retransmission window). */
  int retransmissions;
  /** Why the query did not parse completely, or null. */
  String requestError;

  DnsPending() {}

  DnsPending(DnsMessage m, long ts) {
    id = m.id;
    flags = m.flags;
    qname = m.qname;
    qtype = m.qtype;
    qclass = m.qclass;
    requestTs = ts;
    requestBytes = m.length;
    requestError = m.error;
  }
}
