package io.wirelake.flink.redis;

import java.util.Arrays;

/**
 * Streaming framer for one direction of a RESP connection: RESP2 and RESP3 (simple string, error, integer,
 * bulk string, array, null, map, set, double, boolean, big number, blob error, verbatim string, push,
 * attribute) and, on the client side, inline commands ({@code PING\r\n}: any top-level message that does not
 * start with {@code *}).
 *
 * <p>Pull style: {@link #read} consumes bytes of a chunk until the current top-level message is complete or
 * the chunk ends; a message may span any number of chunks and a chunk may hold any number of messages. The
 * arrays passed in are scanned in place and never kept; nothing is allocated per byte or per message (the
 * capture buffers below are reused). Nesting is tracked with a stack of remaining element counts.
 *
 * <p>Of the message being read it keeps: the top-level type ({@code *}, {@code +}, ... or {@code i} for
 * inline; an attribute in front of a reply is skipped), the encoded size, the time of the chunk holding its
 * first byte, the first {@code rawCap} bytes of its encoding, and the "elements": the direct children of a
 * top-level aggregate (the arguments of a command), or the top-level scalar itself, or the words of an inline
 * command, each with its type, full length and its first bytes (at most {@code elemCap} bytes in all).
 *
 * <p>Malformed input (an unknown type byte, a bad length, a missing CRLF, nesting deeper than
 * {@link #MAX_DEPTH}, a bulk string longer than {@link #MAX_BULK}, an inline line longer than
 * {@link #MAX_INLINE}) stops the reader: {@link #failed()} turns true and {@link #error()} says why. RESP3
 * streamed strings and aggregates ({@code $?}, {@code *?}) are not supported and count as malformed.
 */
final class RespReader {
  static final int MAX_DEPTH = 32;
  /** Redis' own limit ({@code proto-max-bulk-len} default). */
  static final long MAX_BULK = 512L << 20;
  /** Redis' own limit for inline requests. */
  static final int MAX_INLINE = 64 * 1024;
  /** A simple-string line longer than this is not RESP. */
  static final int MAX_LINE = 1 << 20;
  static final long MAX_AGGREGATE = Integer.MAX_VALUE;
  /** Type of an inline command. */
  static final byte INLINE_TYPE = 'i';
  /** Full length of a null element ({@code $-1}, {@code *-1}, {@code _}). */
  static final long NULL_LEN = -1;

  private static final int TYPE = 0;
  private static final int LINE = 1;
  private static final int BULK = 2;
  private static final int BULK_END = 3;
  private static final int INLINE = 4;
  private static final int DEAD = 5;

  // configuration
  private boolean client;
  private int rawCap;
  private int elemCap;
  private int maxElems;

  // framing state
  private int state = TYPE;
  private byte lineType;
  private long num;
  private boolean neg;
  private int digits;
  private boolean badNumber;
  private boolean crSeen;
  private long lineLen;
  private long bulkLeft;
  private boolean bulkCrSeen;
  private long[] left = new long[MAX_DEPTH];
  private boolean[] attr = new boolean[MAX_DEPTH];
  private int depth;
  /** Index of the element whose content is being captured, or -1. */
  private int capIndex = -1;

  // the current message
  private boolean inMessage;
  private boolean complete;
  private byte type;
  private long bytes;
  private long startTs;
  private byte[] raw;
  private int rawLen;
  private int elems;
  private byte[] elemBuf;
  private int elemBufLen;
  private int[] elemOff;
  private int[] elemKept;
  private long[] elemFull;
  private byte[] elemType;
  private String error;

  RespReader() {}

  /**
   * @param client inline commands allowed (the client side)
   * @param rawCap bytes of each message's encoding kept ({@link #raw()})
   * @param elemCap element content bytes kept per message
   * @param maxElems elements whose type, length and content are kept per message (the rest are counted)
   */
  RespReader(boolean client, int rawCap, int elemCap, int maxElems) {
    this.client = client;
    this.rawCap = Math.max(0, rawCap);
    this.elemCap = Math.max(0, elemCap);
    this.maxElems = Math.max(1, maxElems);
  }

  /**
   * Reads {@code buf[p, end)} until the current message completes or the bytes run out; {@code ts} is the
   * time of the chunk. Returns the position after the last byte consumed. Check {@link #complete()} (then
   * read the message and call {@link #next()}) and {@link #failed()}.
   */
  int read(byte[] buf, int p, int end, long ts) {
    int start = p;
    while (p < end && !complete && state != DEAD) {
      switch (state) {
        case TYPE: {
          byte c = buf[p];
          if (!inMessage) {
            if (client && c != '*') {
              if (c == '\r' || c == '\n') {
                p++; // blank line between commands: Redis ignores it
                start = p;
                break;
              }
              begin(ts);
              start = p;
              type = INLINE_TYPE;
              state = INLINE;
              lineLen = 0;
              break;
            }
            begin(ts);
            start = p;
          }
          p++;
          startElement(c);
          break;
        }
        case LINE: {
          int i = p;
          while (i < end && buf[i] != '\n') {
            i++;
          }
          lineBytes(buf, p, i);
          if (state == DEAD) {
            p = i;
            break;
          }
          if (i == end) {
            p = end;
            break;
          }
          p = i + 1;
          lineDone();
          break;
        }
        case BULK: {
          int n = (int) Math.min(bulkLeft, end - p);
          if (capIndex >= 0) {
            capture(buf, p, n);
          }
          bulkLeft -= n;
          p += n;
          if (bulkLeft == 0) {
            state = BULK_END;
            bulkCrSeen = false;
          }
          break;
        }
        case BULK_END: {
          byte c = buf[p++];
          if (!bulkCrSeen) {
            if (c != '\r') {
              fail("bulk string not followed by CRLF");
            }
            bulkCrSeen = true;
          } else if (c != '\n') {
            fail("bulk string not followed by CRLF");
          } else {
            capIndex = -1;
            elementDone();
          }
          break;
        }
        case INLINE: {
          int i = p;
          while (i < end && buf[i] != '\n') {
            i++;
          }
          int n = i - p;
          if (lineLen + n > MAX_INLINE) {
            fail("inline command too long");
            break;
          }
          lineLen += n;
          int keep = Math.min(n, elemCap - elemBufLen);
          if (keep > 0) {
            ensureElemBuf(elemBufLen + keep);
            System.arraycopy(buf, p, elemBuf, elemBufLen, keep);
            elemBufLen += keep;
          }
          if (i == end) {
            p = end;
            break;
          }
          p = i + 1;
          splitInline();
          complete = true;
          break;
        }
        default:
          p = end;
          break;
      }
    }
    if (inMessage && p > start) {
      bytes += p - start;
      int keep = Math.min(p - start, rawCap - rawLen);
      if (keep > 0) {
        if (raw == null || raw.length < rawLen + keep) {
          raw = Arrays.copyOf(raw == null ? new byte[0] : raw,
              Math.min(rawCap, Math.max(rawLen + keep, Math.max(256, raw == null ? 0 : raw.length * 2))));
        }
        System.arraycopy(buf, start, raw, rawLen, keep);
        rawLen += keep;
      }
    }
    return p;
  }

  private void begin(long ts) {
    inMessage = true;
    startTs = ts;
  }

  private void startElement(byte c) {
    switch (c) {
      case '*': case '%': case '~': case '>': case '|': case '$': case '!': case '=':
      case '+': case '-': case ':': case ',': case '(': case '#': case '_':
        break;
      default:
        fail("bad RESP type byte 0x" + Integer.toHexString(c & 0xff));
        return;
    }
    lineType = c;
    state = LINE;
    num = 0;
    neg = false;
    digits = 0;
    badNumber = false;
    crSeen = false;
    lineLen = 0;
    capIndex = -1;
    if (depth == 0 && c != '|') {
      type = c;
    }
    boolean direct = depth == 0 || (depth == 1 && !attr[0]);
    if (direct && c != '|' && !(depth == 0 && isAggregate(c))) {
      int i = newElement(c);
      if (!isAggregate(c)) {
        capIndex = i;
      }
    }
  }

  static boolean isAggregate(byte c) {
    return c == '*' || c == '%' || c == '~' || c == '>' || c == '|';
  }

  private static boolean isLengthHeader(byte c) {
    return isAggregate(c) || c == '$' || c == '!' || c == '=';
  }

  private int newElement(byte c) {
    int i = elems++;
    if (i >= maxElems) {
      return -1;
    }
    if (elemOff == null || elemOff.length <= i) {
      int n = Math.min(maxElems, Math.max(8, elemOff == null ? 0 : elemOff.length * 2));
      elemOff = elemOff == null ? new int[n] : Arrays.copyOf(elemOff, n);
      elemKept = elemKept == null ? new int[n] : Arrays.copyOf(elemKept, n);
      elemFull = elemFull == null ? new long[n] : Arrays.copyOf(elemFull, n);
      elemType = elemType == null ? new byte[n] : Arrays.copyOf(elemType, n);
    }
    elemOff[i] = elemBufLen;
    elemKept[i] = 0;
    elemFull[i] = 0;
    elemType[i] = c;
    return i;
  }

  /** Bytes {@code buf[p, q)} of the current line (no LF among them). */
  private void lineBytes(byte[] buf, int p, int q) {
    if (p == q) {
      return;
    }
    if (crSeen) {
      fail("CR inside a RESP line");
      return;
    }
    int contentEnd = q;
    if (buf[q - 1] == '\r') {
      crSeen = true;
      contentEnd = q - 1;
    }
    for (int i = p; i < contentEnd; i++) {
      if (buf[i] == '\r') {
        fail("CR inside a RESP line");
        return;
      }
    }
    lineLen += contentEnd - p;
    if (isLengthHeader(lineType)) {
      for (int i = p; i < contentEnd; i++) {
        byte b = buf[i];
        if (b == '-' && digits == 0 && !neg) {
          neg = true;
        } else if (b >= '0' && b <= '9' && digits < 18) {
          num = num * 10 + (b - '0');
          digits++;
        } else {
          badNumber = true;
        }
      }
    } else {
      if (lineLen > MAX_LINE) {
        fail("RESP line too long");
        return;
      }
      if (capIndex >= 0) {
        capture(buf, p, contentEnd - p);
      }
    }
  }

  private void lineDone() {
    if (!crSeen) {
      fail("RESP line not ended by CRLF");
      return;
    }
    byte t = lineType;
    if (!isLengthHeader(t)) {
      if (capIndex >= 0) {
        elemFull[capIndex] = t == '_' ? NULL_LEN : lineLen;
      }
      capIndex = -1;
      elementDone();
      return;
    }
    if (badNumber || digits == 0) {
      fail("bad length in RESP header");
      return;
    }
    if (neg) {
      if (num == 1 && (t == '$' || t == '*')) { // RESP2 null bulk string / null array
        if (capIndex >= 0) {
          elemFull[capIndex] = NULL_LEN;
        }
        markNull();
        capIndex = -1;
        elementDone();
      } else {
        fail("negative length in RESP header");
      }
      return;
    }
    if (t == '$' || t == '!' || t == '=') {
      if (num > MAX_BULK) {
        fail("bulk string too long");
        return;
      }
      if (capIndex >= 0) {
        elemFull[capIndex] = num;
      }
      bulkLeft = num;
      bulkCrSeen = false;
      state = num == 0 ? BULK_END : BULK;
      return;
    }
    long n = (t == '%' || t == '|') ? num * 2 : num;
    if (n > MAX_AGGREGATE) {
      fail("aggregate too long");
      return;
    }
    if (depth == 1 && !attr[0] && elems > 0 && elems <= maxElems) {
      elemFull[elems - 1] = n; // a nested aggregate as an element: its length
    }
    if (n == 0) {
      if (t == '|') {
        state = TYPE; // an empty attribute annotates the next element
      } else {
        elementDone();
      }
      return;
    }
    if (depth == MAX_DEPTH) {
      fail("RESP nesting too deep");
      return;
    }
    left[depth] = n;
    attr[depth] = t == '|';
    depth++;
    state = TYPE;
  }

  private void markNull() {
    if (depth == 0) {
      nullTop = true;
    }
  }

  /** True if the top-level message is a RESP2 null ({@code $-1} or {@code *-1}) or the RESP3 null {@code _}. */
  private boolean nullTop;

  /** An element (not an attribute) is complete: pop finished aggregates; the message ends at depth 0. */
  private void elementDone() {
    state = TYPE;
    if (depth == 0 && lineType == '_') {
      nullTop = true;
    }
    while (depth > 0) {
      if (--left[depth - 1] > 0) {
        return;
      }
      depth--;
      if (attr[depth]) {
        if (depth == 0) { // a top-level attribute: the reply it annotates follows
          type = 0;
          elems = 0;
          elemBufLen = 0;
        }
        return;
      }
    }
    complete = true;
  }

  private void capture(byte[] buf, int p, int n) {
    int keep = Math.min(n, elemCap - elemBufLen);
    if (keep <= 0) {
      return;
    }
    ensureElemBuf(elemBufLen + keep);
    System.arraycopy(buf, p, elemBuf, elemBufLen, keep);
    elemBufLen += keep;
    elemKept[capIndex] += keep;
  }

  private void ensureElemBuf(int need) {
    if (elemBuf == null || elemBuf.length < need) {
      elemBuf = Arrays.copyOf(elemBuf == null ? new byte[0] : elemBuf,
          Math.min(Math.max(elemCap, need), Math.max(need, Math.max(64, elemBuf == null ? 0 : elemBuf.length * 2))));
    }
  }

  /** Splits the inline line held in elemBuf[0, elemBufLen) into words (space/tab separated, no quoting). */
  private void splitInline() {
    int n = elemBufLen;
    if (n > 0 && elemBuf[n - 1] == '\r') {
      n--;
      elemBufLen = n;
    }
    int i = 0;
    while (i < n) {
      while (i < n && (elemBuf[i] == ' ' || elemBuf[i] == '\t')) {
        i++;
      }
      if (i == n) {
        break;
      }
      int s = i;
      while (i < n && elemBuf[i] != ' ' && elemBuf[i] != '\t') {
        i++;
      }
      int save = elemBufLen;
      elemBufLen = s;
      int e = newElement(INLINE_TYPE);
      elemBufLen = save;
      if (e >= 0) {
        elemKept[e] = i - s;
        elemFull[e] = i - s;
      }
    }
  }

  /** Whether {@link #next} is due: a whole top-level message was read. */
  boolean complete() {
    return complete;
  }

  boolean failed() {
    return state == DEAD;
  }

  String error() {
    return error;
  }

  /** A message has started and is not complete yet. */
  boolean inMessage() {
    return inMessage && !complete;
  }

  /** Inside a bulk payload with this many bytes to go (else 0): a gap shorter than that keeps the framing. */
  long bulkRemaining() {
    return state == BULK ? bulkLeft : 0;
  }

  /** Skips {@code n < bulkRemaining()} bytes of the current bulk payload (a hole in the capture). */
  void skipBulk(long n) {
    bulkLeft -= n;
    bytes += n;
  }

  /** Forgets the completed message; buffers are kept for the next one unless they grew large. */
  void next() {
    inMessage = false;
    complete = false;
    type = 0;
    nullTop = false;
    bytes = 0;
    rawLen = 0;
    elems = 0;
    elemBufLen = 0;
    depth = 0;
    capIndex = -1;
    if (state != DEAD) {
      state = TYPE;
    }
    if (raw != null && raw.length > 8192) {
      raw = null;
    }
    if (elemBuf != null && elemBuf.length > 8192) {
      elemBuf = null;
    }
  }

  void fail(String why) {
    if (state != DEAD) {
      state = DEAD;
      error = why;
    }
  }

  /** Top-level type byte ({@code *}, {@code +}, {@code -}, {@code $}, {@code >}, ... or {@code i} for inline). */
  byte type() {
    return type;
  }

  boolean isNull() {
    return nullTop;
  }

  long bytes() {
    return bytes;
  }

  long startTs() {
    return startTs;
  }

  byte[] raw() {
    return raw;
  }

  int rawLen() {
    return rawLen;
  }

  /** Elements of the message (kept or not). */
  int elements() {
    return elems;
  }

  /** Elements whose type, length and content are available. */
  int keptElements() {
    return Math.min(elems, maxElems);
  }

  byte elemType(int i) {
    return elemType[i];
  }

  /** Full length of element {@code i} (bytes of a string, entries of an aggregate, or {@link #NULL_LEN}). */
  long elemFull(int i) {
    return elemFull[i];
  }

  int elemKept(int i) {
    return elemKept[i];
  }

  int elemOff(int i) {
    return elemOff[i];
  }

  byte[] elemBuf() {
    return elemBuf;
  }

  /** True if element {@code i} is kept whole and equals {@code word} ignoring ASCII case. */
  boolean elemEqualsIgnoreCase(int i, String word) {
    if (i >= keptElements() || elemKept[i] != word.length() || elemFull[i] != word.length()) {
      return false;
    }
    int o = elemOff[i];
    for (int k = 0; k < word.length(); k++) {
      if (upper(elemBuf[o + k]) != upper((byte) word.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  /** Element {@code i} as a decimal integer, or {@code Long.MIN_VALUE} if it is not one. */
  long elemLong(int i) {
    if (i >= keptElements() || elemKept[i] == 0 || elemKept[i] != elemFull[i] || elemKept[i] > 18) {
      return Long.MIN_VALUE;
    }
    int o = elemOff[i];
    int n = elemKept[i];
    boolean minus = elemBuf[o] == '-';
    int k = minus ? 1 : 0;
    if (k == n) {
      return Long.MIN_VALUE;
    }
    long v = 0;
    for (; k < n; k++) {
      byte b = elemBuf[o + k];
      if (b < '0' || b > '9') {
        return Long.MIN_VALUE;
      }
      v = v * 10 + (b - '0');
    }
    return minus ? -v : v;
  }

  static byte upper(byte b) {
    return b >= 'a' && b <= 'z' ? (byte) (b - 32) : b;
  }

  long bufferedBytes() {
    return (raw == null ? 0 : raw.length) + (elemBuf == null ? 0 : elemBuf.length)
        + (elemOff == null ? 0 : elemOff.length * 21L);
  }
}
