package io.wirelake.flink.dns;

import java.util.Arrays;

/**
 * Cuts one direction of a TCP connection into DNS messages (RFC 1035 4.2.2: a 2-byte length before each).
 * Messages wholly inside a chunk are handed over in place; only a message split across chunks is copied, into a
 * buffer sized once its length is known. After a hole the framing survives if the hole ends inside the current
 * message (that message is dropped); a hole at or across a message boundary loses the framing for good.
 *
 * <p>Plain mutable state, Kryo-serializable.
 */
final class DnsTcpFramer {
  /** Receives complete messages; the array is only valid during the call. */
  interface Sink {
    void message(byte[] buf, int off, int len, long firstByteTs, long ts);
  }

  private static final int KEEP_BUFFER = 512;

  private byte[] buf;
  private int held;
  private long firstByteTs;
  /** Bytes still to drop of a message damaged by a hole. */
  private long skip;
  private boolean lost;

  void feed(byte[] b, int off, int n, long ts, Sink sink) {
    int p = off;
    int end = off + n;
    while (p < end && !lost) {
      if (skip > 0) {
        int s = (int) Math.min(skip, end - p);
        skip -= s;
        p += s;
        continue;
      }
      if (held == 0 && end - p >= 2) {
        int mlen = DnsParser.u16(b, p);
        if (end - p >= 2 + mlen) {
          sink.message(b, p + 2, mlen, ts, ts);
          p += 2 + mlen;
          continue;
        }
      }
      if (held == 0) {
        firstByteTs = ts;
        if (buf == null) {
          buf = new byte[KEEP_BUFFER];
        }
      }
      int want = held < 2 ? 2 : 2 + DnsParser.u16(buf, 0);
      if (buf.length < want) {
        buf = Arrays.copyOf(buf, want);
      }
      int take = Math.min(want - held, end - p);
      System.arraycopy(b, p, buf, held, take);
      held += take;
      p += take;
      if (held >= 2 && held == 2 + DnsParser.u16(buf, 0)) {
        held = 0;
        sink.message(buf, 2, DnsParser.u16(buf, 0), firstByteTs, ts);
        if (buf.length > KEEP_BUFFER) {
          buf = null;
        }
      }
    }
  }

  /** {@code bytes} bytes are missing here; returns true if a partial message was dropped. */
  boolean gap(long bytes) {
    if (lost) {
      return false;
    }
    if (skip > 0 && bytes <= skip) {
      skip -= bytes;
      return false;
    }
    if (held >= 2) {
      long rest = 2 + DnsParser.u16(buf, 0) - held;
      held = 0;
      if (bytes <= rest) {
        skip = rest - bytes;
        return true;
      }
    }
    lost = true;
    held = 0;
    buf = null;
    return false;
  }

  /** True once a hole lost the message boundaries. */
  boolean lost() {
    return lost;
  }

  long bufferedBytes() {
    return held;
  }
}
