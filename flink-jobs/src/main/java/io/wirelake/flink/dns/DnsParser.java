package io.wirelake.flink.dns;

import io.wirelake.schemas.IpAddresses;

/**
 * A pure parser of DNS messages (RFC 1035): header, questions (the first one kept), answer records summarised,
 * authority and additional records checked and skipped except the EDNS OPT record's extended response code.
 * Names are read with compression; a compression pointer must point before the start of the name part it is
 * read from, so loops and forward pointers are errors and every name is read in bounded time. Nothing is
 * allocated per byte: names are appended to one {@link StringBuilder} per message.
 */
final class DnsParser {
  static final int HEADER = 12;
  static final int MAX_NAME_OCTETS = 255;
  /** Longest answer summary kept; longer ones end with {@code ", ..."}. */
  static final int MAX_SUMMARY_CHARS = 1024;

  static final int ERR_TRUNCATED = -1;
  static final int ERR_LOOP = -2;
  static final int ERR_POINTER = -3;
  static final int ERR_NAME_TOO_LONG = -4;
  static final int ERR_LABEL_TYPE = -5;
  static final int ERR_RDATA = -6;

  private DnsParser() {}

  static String errorText(int code) {
    switch (code) {
      case ERR_TRUNCATED:
        return "truncated message";
      case ERR_LOOP:
        return "compression pointer loop";
      case ERR_POINTER:
        return "bad compression pointer";
      case ERR_NAME_TOO_LONG:
        return "name too long";
      case ERR_LABEL_TYPE:
        return "bad label type";
      case ERR_RDATA:
        return "bad record data";
      default:
        return "malformed message";
    }
  }

  static int u16(byte[] b, int p) {
    return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
  }

  static long u32(byte[] b, int p) {
    return ((long) u16(b, p) << 16) | u16(b, p + 2);
  }

  /** Parses the message in {@code b[off, off + len)}; null if shorter than a header. */
  static DnsMessage parse(byte[] b, int off, int len) {
    if (len < HEADER || off < 0 || off + len > b.length) {
      return null;
    }
    DnsMessage m = new DnsMessage();
    m.length = len;
    m.id = u16(b, off);
    m.flags = u16(b, off + 2);
    m.qdcount = u16(b, off + 4);
    m.ancount = u16(b, off + 6);
    m.nscount = u16(b, off + 8);
    m.arcount = u16(b, off + 10);
    m.rcode = m.flags & 0xf;
    int end = off + len;
    int p = off + HEADER;
    StringBuilder sb = new StringBuilder(64);
    for (int i = 0; i < m.qdcount; i++) {
      sb.setLength(0);
      int q = readName(b, off, end, p, i == 0 ? sb : null);
      if (q < 0) {
        return fail(m, q);
      }
      if (q + 4 > end) {
        if (i == 0) {
          m.qname = sb.toString();
        }
        return fail(m, ERR_TRUNCATED);
      }
      if (i == 0) {
        m.qname = sb.toString();
        m.qtype = u16(b, q);
        m.qclass = u16(b, q + 2);
      }
      p = q + 4;
    }
    sb.setLength(0);
    int total = m.ancount + m.nscount + m.arcount;
    for (int i = 0; i < total; i++) {
      int section = i < m.ancount ? 0 : i < m.ancount + m.nscount ? 1 : 2;
      p = readRecord(b, off, end, p, section, sb, m);
      if (p < 0) {
        m.answers = sb.toString();
        return fail(m, p);
      }
      if (section == 0) {
        m.answersParsed++;
      }
    }
    m.answers = sb.toString();
    return m;
  }

  private static DnsMessage fail(DnsMessage m, int code) {
    m.error = errorText(code);
    return m;
  }

  /**
   * Reads the name at {@code p} (message starting at {@code msg}, ending at {@code end}) and appends it to
   * {@code sb} if not null: lowercase, labels joined by dots, no trailing dot, {@code "."} for the root; dots,
   * backslashes and bytes outside printable ASCII inside labels escaped as dig does ({@code \.}, {@code \\},
   * {@code \DDD}). Returns the position after the name at {@code p} (after its first pointer), or an error code.
   */
  static int readName(byte[] b, int msg, int end, int p, StringBuilder sb) {
    int after = -1;
    int chunkStart = p;
    int octets = 0;
    int labels = 0;
    while (true) {
      if (p >= end) {
        return ERR_TRUNCATED;
      }
      int c = b[p] & 0xff;
      if (c == 0) {
        if (after < 0) {
          after = p + 1;
        }
        break;
      }
      int kind = c & 0xc0;
      if (kind == 0xc0) {
        if (p + 1 >= end) {
          return ERR_TRUNCATED;
        }
        int target = msg + (((c & 0x3f) << 8) | (b[p + 1] & 0xff));
        if (after < 0) {
          after = p + 2;
        }
        if (target < msg + HEADER || target >= end) {
          return ERR_POINTER;
        }
        if (target >= chunkStart) {
          return ERR_LOOP;
        }
        chunkStart = target;
        p = target;
        continue;
      }
      if (kind != 0) {
        return ERR_LABEL_TYPE;
      }
      if (p + 1 + c > end) {
        return ERR_TRUNCATED;
      }
      octets += c + 1;
      if (octets + 1 > MAX_NAME_OCTETS) {
        return ERR_NAME_TOO_LONG;
      }
      if (sb != null) {
        if (labels > 0) {
          sb.append('.');
        }
        appendLabel(sb, b, p + 1, c);
      }
      labels++;
      p += 1 + c;
    }
    if (sb != null && labels == 0) {
      sb.append('.');
    }
    return after;
  }

  private static void appendLabel(StringBuilder sb, byte[] b, int p, int n) {
    for (int i = p; i < p + n; i++) {
      int ch = b[i] & 0xff;
      if (ch >= 'A' && ch <= 'Z') {
        sb.append((char) (ch + 32));
      } else if (ch == '.' || ch == '\\') {
        sb.append('\\').append((char) ch);
      } else if (ch > 0x20 && ch < 0x7f) {
        sb.append((char) ch);
      } else {
        appendDecimalEscape(sb, ch);
      }
    }
  }

  private static void appendDecimalEscape(StringBuilder sb, int ch) {
    sb.append('\\').append((char) ('0' + ch / 100)).append((char) ('0' + ch / 10 % 10)).append((char) ('0' + ch % 10));
  }

  /**
   * Reads one resource record at {@code p}; answers ({@code section} 0) are appended to {@code summary}, an
   * OPT record in the additional section (2) extends {@code m.rcode}. Returns the position after it or an error.
   */
  private static int readRecord(byte[] b, int msg, int end, int p, int section, StringBuilder summary, DnsMessage m) {
    int q = readName(b, msg, end, p, null);
    if (q < 0) {
      return q;
    }
    if (q + 10 > end) {
      return ERR_TRUNCATED;
    }
    int type = u16(b, q);
    long ttl = u32(b, q + 4);
    int rdlen = u16(b, q + 8);
    int rdata = q + 10;
    int next = rdata + rdlen;
    if (next > end) {
      return ERR_TRUNCATED;
    }
    if (type == DnsCodes.TYPE_OPT) {
      if (section == 2) {
        m.rcode = (int) ((ttl >>> 24) & 0xff) << 4 | (m.flags & 0xf);
      }
      return next;
    }
    if (section != 0) {
      return next;
    }
    if (summary.length() >= MAX_SUMMARY_CHARS) {
      if (!m.summaryCut) {
        m.summaryCut = true;
        summary.append(", ...");
      }
      return validateRdata(b, msg, end, type, rdata, rdlen) ? next : ERR_RDATA;
    }
    int mark = summary.length();
    if (mark > 0) {
      summary.append(", ");
    }
    summary.append(DnsCodes.typeName(type)).append(' ');
    int r = appendRdata(summary, b, msg, end, type, rdata, rdlen);
    if (r < 0) {
      summary.setLength(mark);
      return r;
    }
    return next;
  }

  private static boolean validateRdata(byte[] b, int msg, int end, int type, int rdata, int rdlen) {
    return appendRdata(null, b, msg, end, type, rdata, rdlen) >= 0;
  }

  /** Appends the record data as text (if {@code sb} is not null); 0 or an error code. */
  private static int appendRdata(StringBuilder sb, byte[] b, int msg, int end, int type, int p, int n) {
    switch (type) {
      case DnsCodes.TYPE_A:
        if (n != 4) {
          return ERR_RDATA;
        }
        if (sb != null) {
          sb.append(b[p] & 0xff).append('.').append(b[p + 1] & 0xff).append('.').append(b[p + 2] & 0xff).append('.')
              .append(b[p + 3] & 0xff);
        }
        return 0;
      case DnsCodes.TYPE_AAAA:
        if (n != 16) {
          return ERR_RDATA;
        }
        if (sb != null) {
          appendIpv6(sb, b, p);
        }
        return 0;
      case DnsCodes.TYPE_CNAME:
      case DnsCodes.TYPE_NS:
      case DnsCodes.TYPE_PTR:
      case DnsCodes.TYPE_DNAME:
        return nameIn(sb, b, msg, end, p, p + n);
      case DnsCodes.TYPE_MX:
        if (n < 3) {
          return ERR_RDATA;
        }
        if (sb != null) {
          sb.append(u16(b, p)).append(' ');
        }
        return nameIn(sb, b, msg, end, p + 2, p + n);
      case DnsCodes.TYPE_SRV:
        if (n < 7) {
          return ERR_RDATA;
        }
        if (sb != null) {
          sb.append(u16(b, p)).append(' ').append(u16(b, p + 2)).append(' ').append(u16(b, p + 4)).append(' ');
        }
        return nameIn(sb, b, msg, end, p + 6, p + n);
      case DnsCodes.TYPE_SOA: {
        int q = nameAt(sb, b, msg, end, p, p + n);
        if (q < 0) {
          return q;
        }
        if (sb != null) {
          sb.append(' ');
        }
        int r = nameAt(sb, b, msg, end, q, p + n);
        if (r < 0) {
          return r;
        }
        if (r + 20 != p + n) {
          return ERR_RDATA;
        }
        if (sb != null) {
          sb.append(' ').append(u32(b, r));
        }
        return 0;
      }
      case DnsCodes.TYPE_TXT:
        return appendTxt(sb, b, p, n);
      default:
        if (sb != null) {
          sb.append('(').append(n).append(" bytes)");
        }
        return 0;
    }
  }

  /** A name that must end exactly at {@code limit} (the end of the record data); 0 or an error. */
  private static int nameIn(StringBuilder sb, byte[] b, int msg, int end, int p, int limit) {
    int q = nameAt(sb, b, msg, end, p, limit);
    return q < 0 ? q : q == limit ? 0 : ERR_RDATA;
  }

  /** A name inside record data; returns the position after it (within {@code limit}) or an error. */
  private static int nameAt(StringBuilder sb, byte[] b, int msg, int end, int p, int limit) {
    if (p >= limit) {
      return ERR_RDATA;
    }
    int q = readName(b, msg, end, p, sb);
    if (q < 0) {
      return q;
    }
    return q > limit ? ERR_RDATA : q;
  }

  private static int appendTxt(StringBuilder sb, byte[] b, int p, int n) {
    int end = p + n;
    boolean first = true;
    while (p < end) {
      int len = b[p] & 0xff;
      if (p + 1 + len > end) {
        return ERR_RDATA;
      }
      if (sb != null) {
        if (!first) {
          sb.append(' ');
        }
        sb.append('"');
        for (int i = p + 1; i < p + 1 + len; i++) {
          int ch = b[i] & 0xff;
          if (ch == '"' || ch == '\\') {
            sb.append('\\').append((char) ch);
          } else if (ch >= 0x20 && ch < 0x7f) {
            sb.append((char) ch);
          } else {
            appendDecimalEscape(sb, ch);
          }
        }
        sb.append('"');
      }
      first = false;
      p += 1 + len;
    }
    return 0;
  }

  /** RFC 5952 text of the 16 bytes at {@code p}, as everywhere in wirelake. */
  static void appendIpv6(StringBuilder sb, byte[] b, int p) {
    sb.append(IpAddresses.format(java.util.Arrays.copyOfRange(b, p, p + 16)));
  }

}
