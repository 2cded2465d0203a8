package io.wirelake.flink.dns;

/**
 * One parsed DNS message: the header, the first question, and the answer section summarised as text
 * ({@code "CNAME ci.lab.test, AAAA fd77::21"}). {@link #error} says why parsing stopped early; the fields read
 * before that point are valid. A value object of one parse call, never kept in state.
 */
final class DnsMessage {
  static final int QR = 0x8000;
  static final int AA = 0x0400;
  static final int TC = 0x0200;
  static final int RD = 0x0100;
  static final int RA = 0x0080;
  static final int Z = 0x0040;
  static final int AD = 0x0020;
  static final int CD = 0x0010;

  /** Message length in bytes (without the TCP length prefix). */
  int length;
  int id;
  int flags;
  int qdcount;
  int ancount;
  int nscount;
  int arcount;
  /** Response code including the EDNS extended bits of an OPT record. */
  int rcode;
  /** The first question's name: lowercase, no trailing dot, {@code "."} for the root; null if unreadable. */
  String qname;
  int qtype = -1;
  int qclass = -1;
  /** Answer records, summarised and comma separated; empty when there are none. */
  String answers = "";
  /** Answer records actually parsed (at most {@link #ancount}). */
  int answersParsed;
  /** The summary reached its cap and ends with {@code ", ..."}. */
  boolean summaryCut;
  /** Null when the whole message parsed. */
  String error;

  boolean isResponse() {
    return (flags & QR) != 0;
  }

  int opcode() {
    return (flags >> 11) & 0xf;
  }

  boolean truncated() {
    return (flags & TC) != 0;
  }

  /** The header flags as dig prints them: {@code "qr aa rd ra"}. */
  String flagText() {
    return flagText(flags);
  }

  static String flagText(int flags) {
    StringBuilder sb = new StringBuilder(20);
    flag(sb, flags, QR, "qr");
    flag(sb, flags, AA, "aa");
    flag(sb, flags, TC, "tc");
    flag(sb, flags, RD, "rd");
    flag(sb, flags, RA, "ra");
    flag(sb, flags, AD, "ad");
    flag(sb, flags, CD, "cd");
    return sb.toString();
  }

  private static void flag(StringBuilder sb, int flags, int bit, String name) {
    if ((flags & bit) != 0) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(name);
    }
  }
}
