package io.wirelake.flink.dns;

import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.udp.DatagramDissector;
import io.wirelake.flink.udp.DatagramRecognizer;

/**
 * DNS over UDP by content: a datagram that parses completely as a standard query or its response (opcode 0,
 * 1 to 16 questions of a known class, sane names, every record within the datagram). A query's sender is the
 * client, a response's the server.
 */
public final class DnsDatagramRecognizer implements DatagramRecognizer {
  static final int MAX_QUESTIONS = 16;

  @Override
  public int recognize(byte[] buf, int off, int len) {
    if (len < DnsParser.HEADER + 5 || len > 65535) {
      return NO_MATCH;
    }
    int flags = DnsParser.u16(buf, off + 2);
    int qd = DnsParser.u16(buf, off + 4);
    if (((flags >> 11) & 0xf) != 0 || (flags & DnsMessage.Z) != 0 || qd < 1 || qd > MAX_QUESTIONS) {
      return NO_MATCH;
    }
    DnsMessage m = DnsParser.parse(buf, off, len);
    if (m == null || m.error != null || !DnsCodes.isKnownClass(m.qclass)) {
      return NO_MATCH;
    }
    return m.isResponse() ? FROM_SERVER : FROM_CLIENT;
  }

  @Override
  public DatagramDissector create(DissectionConfig config) {
    return new DnsDatagramDissector();
  }
}
