package io.wirelake.flink.postgres;

import java.util.Arrays;

/**
 * Splits one direction's byte stream into PostgreSQL messages: the untyped startup packets of the client
 * (int32 length, int32 code), typed messages (type byte, int32 length) and the single-byte answer to an
 * SSLRequest / GSSENCRequest. Bodies are skipped by length; only the first {@link WireFormat#captureLimit}
 * bytes of a message are exposed, straight from the caller's array when the body is contiguous there and
 * copied into a small buffer only when it spans chunks.
 *
 * <p>Pull style: {@link #feed} consumes until one message is complete ({@link #hasMessage}); the caller reads
 * {@code type}, {@code bodyLen}, {@code data/dataOff/dataLen}, {@code startTs}, {@code endTs} and calls
 * {@link #consumed()} before feeding on (which also drops the reference to the caller's array).
 */
final class MessageFramer {
  static final int UNTYPED = 0;
  static final int TYPED = 1;
  /** Next byte is the server's answer to SSLRequest/GSSENCRequest ('S', 'G' or 'N'), else a typed message. */
  static final int ENCRYPTION_ANSWER = 2;
  static final int DEAD = 3;

  /** Type of the single-byte encryption answer (not a protocol type byte). */
  static final int ANSWER = -1;

  boolean frontend;
  int mode;
  int textCap;

  private byte[] hdr = new byte[5];
  private int hdrLen;
  private boolean inBody;
  private int bodyRead;
  private int want;
  private byte[] buf;
  private int bufLen;
  /** The captured body lost bytes to a gap. */
  boolean damaged;

  // the message just completed (valid while hasMessage)
  boolean hasMessage;
  int type;
  int bodyLen;
  byte[] data;
  int dataOff;
  int dataLen;
  long startTs;
  long endTs;
  /** Why the stream could not be framed (mode is then DEAD). */
  String error;

  MessageFramer() {}

  MessageFramer(boolean frontend, int mode, int textCap) {
    this.frontend = frontend;
    this.mode = mode;
    this.textCap = textCap;
  }

  /**
   * Consumes bytes of [p, end) until one message completes or the input ends; returns the new position.
   * Call only when {@link #hasMessage} is false.
   */
  int feed(byte[] b, int p, int end, long ts) {
    while (p < end && mode != DEAD) {
      if (!inBody) {
        if (hdrLen == 0) {
          startTs = ts;
          damaged = false;
          if (mode == ENCRYPTION_ANSWER) {
            int c = b[p];
            mode = TYPED;
            if (c == 'S' || c == 'N' || c == 'G') {
              type = ANSWER;
              bodyLen = 0;
              complete(b, p, 1, ts);
              return p + 1;
            }
            // an old server answers with an ErrorResponse: parse it as a typed message
          }
        }
        int hlen = mode == UNTYPED ? 4 : 5;
        while (hdrLen < hlen && p < end) {
          hdr[hdrLen++] = b[p++];
        }
        if (hdrLen < hlen) {
          return p;
        }
        hdrLen = 0;
        if (!header()) {
          return end;
        }
      }
      int need = bodyLen - bodyRead;
      int avail = end - p;
      if (bodyRead == 0 && avail >= need) {
        complete(b, p, want, ts);
        return p + need;
      }
      int n = Math.min(avail, need);
      int keep = Math.min(n, want - bufLen);
      if (keep > 0) {
        if (buf == null || buf.length < bufLen + keep) {
          buf = Arrays.copyOf(buf == null ? new byte[0] : buf, Math.max(want, 64));
        }
        System.arraycopy(b, p, buf, bufLen, keep);
        bufLen += keep;
      }
      bodyRead += n;
      p += n;
      if (bodyRead == bodyLen) {
        complete(buf, 0, bufLen, ts);
        return p;
      }
    }
    return p;
  }

  /** Decodes the collected header; false (and DEAD) if it cannot start a message. */
  private boolean header() {
    int length;
    if (mode == UNTYPED) {
      type = 0;
      length = WireFormat.int32(hdr, 0);
      if (length < 8 || length > WireFormat.MAX_STARTUP_LENGTH) {
        return fail("bad startup packet length " + length);
      }
    } else {
      type = hdr[0] & 0xff;
      length = WireFormat.int32(hdr, 1);
      if (!WireFormat.validType(frontend, type)) {
        return fail("unknown message type 0x" + Integer.toHexString(type));
      }
      if (length < 4 || length > WireFormat.MAX_MESSAGE_LENGTH) {
        return fail("bad message length " + length);
      }
    }
    bodyLen = length - 4;
    bodyRead = 0;
    bufLen = 0;
    want = WireFormat.captureLimit(frontend, type, bodyLen, textCap);
    inBody = true;
    return true;
  }

  private void complete(byte[] b, int off, int len, long ts) {
    inBody = false;
    hasMessage = true;
    data = b;
    dataOff = off;
    dataLen = len;
    endTs = ts;
  }

  /** The completed message was handled: forget it (and the caller's array). */
  void consumed() {
    hasMessage = false;
    data = null;
    if (buf != null && buf.length > 4096) {
      buf = null; // do not keep a large text buffer around
    } else if (type == 0 && buf != null) {
      Arrays.fill(buf, (byte) 0); // a cancel request's secret key must not linger in state
    }
  }

  /**
   * {@code bytes} of this direction were never captured. Returns true if they fall inside the body being
   * read (framing survives; {@link #damaged} if the kept prefix lost bytes; the message may complete here),
   * false if framing is lost (DEAD).
   */
  boolean skip(long bytes, long ts) {
    if (mode == DEAD) {
      return false;
    }
    if (inBody && bytes <= bodyLen - bodyRead) {
      // bytes after the hole are not captured: the captured prefix stays contiguous
      if (bufLen < want) {
        damaged = true;
      }
      bodyRead += (int) bytes;
      want = bufLen;
      if (bodyRead == bodyLen) {
        complete(buf, 0, bufLen, ts);
      }
      return true;
    }
    fail("gap");
    return false;
  }

  /** Inside a message (header or body) right now. */
  boolean midMessage() {
    return inBody || hdrLen > 0;
  }

  private boolean fail(String why) {
    error = why;
    mode = DEAD;
    inBody = false;
    hdrLen = 0;
    buf = null;
    return false;
  }

  long bufferedBytes() {
    return buf == null ? 0 : buf.length;
  }
}
