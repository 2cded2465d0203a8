package io.wirelake.flink.dns;

import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.l7.L7Recognizer;
import io.wirelake.flink.l7.L7Registry;
import io.wirelake.flink.tcp.DissectionConfig;

/**
 * DNS over TCP by content: a 2-byte length of at least 17, then a standard query (opcode 0, one question, no
 * answer or authority records, at most 2 additional: OPT and TSIG) from the client, or a standard response with
 * one question from the server; the question's name must read sanely and its class be known when the prefix
 * holds it. A client's bytes are awaited (up to the registry's prefix) while they still look like DNS; a
 * server's first bytes are decided at once (14 bytes at least, else no match).
 */
public final class DnsTcpRecognizer implements L7Recognizer {
  static final int DECIDE_BYTES = 2 + DnsParser.HEADER;

  @Override
  public String protocol() {
    return DnsRows.PROTOCOL;
  }

  @Override
  public int recognize(int direction, byte[] buf, int off, int len) {
    boolean client = direction == L7Dissector.C2S;
    if (!client && len < DECIDE_BYTES) {
      return NO_MATCH; // a server speaking first is rare (capture started mid-connection): never hold its bytes
    }
    if (len >= 2 && DnsParser.u16(buf, off) < DnsParser.HEADER + 5) {
      return NO_MATCH;
    }
    int h = off + 2;
    // each header field is checked as soon as it is there, so that other protocols are refused early
    if ((len >= 6 && !headerFits(direction, DnsParser.u16(buf, h + 2)))
        || (len >= 8 && DnsParser.u16(buf, h + 4) != 1)
        || (client && len >= 10 && DnsParser.u16(buf, h + 6) != 0)
        || (client && len >= 12 && DnsParser.u16(buf, h + 8) != 0)
        || (client && len >= 14 && DnsParser.u16(buf, h + 10) > 2)) {
      return NO_MATCH;
    }
    if (len < DECIDE_BYTES) {
      return NEED_MORE;
    }
    int msgEnd = off + 2 + DnsParser.u16(buf, off);
    int end = Math.min(off + len, msgEnd);
    int q = DnsParser.readName(buf, h, end, h + DnsParser.HEADER, null);
    boolean more = end < msgEnd;
    if (q == DnsParser.ERR_TRUNCATED || (q >= 0 && q + 4 > end)) {
      if (!more) {
        return NO_MATCH;
      }
      // a long name: a client's is awaited while the registry keeps a prefix, then the header alone decides
      return client && len < L7Registry.MAX_PREFIX ? NEED_MORE : MATCH;
    }
    if (q < 0) {
      return NO_MATCH;
    }
    return DnsCodes.isKnownClass(DnsParser.u16(buf, q + 2)) ? MATCH : NO_MATCH;
  }

  private static boolean headerFits(int direction, int flags) {
    boolean qr = (flags & DnsMessage.QR) != 0;
    int opcode = (flags >> 11) & 0xf;
    return qr == (direction == L7Dissector.S2C) && opcode == 0 && (flags & DnsMessage.Z) == 0;
  }

  @Override
  public L7Dissector create(DissectionConfig config) {
    return new DnsTcpDissector();
  }
}
