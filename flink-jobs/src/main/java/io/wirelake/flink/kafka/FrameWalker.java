package io.wirelake.flink.kafka;

import static io.wirelake.flink.kafka.Programs.W;

import java.nio.charset.StandardCharsets;

/**
 * Reads one direction's stream of Kafka frames (int32 size, then that many bytes) as it arrives, in chunks of
 * any size: each frame's bytes run through a {@link Programs} program that captures the header fields, topics,
 * error codes and record counts, and whatever the program does not read is skipped by length. Nothing of a frame
 * is buffered apart from the captured strings (capped) and the first 61 bytes of each record batch
 * ({@link RecordSetCounter}); there is no allocation per byte or per frame.
 *
 * <p>Use: {@link #feed} until {@link #state()} is {@link #SWITCH} (the prefix is read: pick the rest with
 * {@link #jump}), {@link #DONE} (the frame is complete: read the captures, then {@link #next}) or
 * {@link #FAILED} (the size field is out of range: framing is lost).
 */
final class FrameWalker {
  static final int SIZE = 0;
  static final int PROGRAM = 1;
  static final int REST = 2;
  static final int SWITCH = 3;
  static final int DONE = 4;
  static final int FAILED = 5;

  static final int MAX_FRAME = 100 << 20;
  static final int PATH_MAX = 1024;
  static final int ID_MAX = 256;
  static final long NONE = Long.MIN_VALUE;

  // op phases
  private static final int P_START = 0;
  private static final int P_NUMBER = 1;
  private static final int P_PAYLOAD = 2;
  private static final int P_RECORDS = 3;
  private static final int P_TAG = 4;
  private static final int P_TAG_SIZE = 5;
  private static final int P_TAG_SKIP = 6;
  private static final int MAX_DEPTH = 8;

  private int prefixProgram;
  private int state;
  private int sizeHave;
  private int size;
  private int remaining;
  private long firstByteTs = NONE;
  private boolean switched;

  private int program;
  private int pc;
  private int phase;
  private int numWidth; // 0 = unsigned varint
  private int numHave;
  private long acc;
  private long left;
  private int depth;
  private final int[] loopPc = new int[MAX_DEPTH];
  private final long[] loopLeft = new long[MAX_DEPTH];
  private long tagsLeft;

  private final RecordSetCounter recordSet = new RecordSetCounter();

  // captures of the current frame
  int apiKey = -1;
  int version = -1;
  int correlationId;
  int acks = Integer.MIN_VALUE;
  int errorCode = Integer.MIN_VALUE;
  long records = NONE;
  long batches;
  boolean truncated;
  boolean malformed;
  boolean gap;
  /** The program after the switch ran to its end (nothing truncated or malformed). */
  boolean completed;
  private final byte[] clientId = new byte[ID_MAX];
  private int clientIdLen = -1;
  private final byte[] transactionalId = new byte[ID_MAX];
  private int transactionalIdLen = -1;
  private byte[] path;
  private int pathLen;
  private boolean pathTruncated;
  private int nameStart;
  private int cursor;
  private boolean nameOverflow;
  private final byte[] uuid = new byte[16];
  private final byte[] pendingId = new byte[16];
  private int uuidHave;

  FrameWalker() {
    this(Programs.REQUEST_PREFIX);
  }

  FrameWalker(int prefixProgram) {
    this.prefixProgram = prefixProgram;
    next();
  }

  int state() {
    return state;
  }

  /** The frame's size field (bytes after it). */
  int size() {
    return size;
  }

  /** Time of the chunk that held the frame's first byte. */
  long firstByteTs() {
    return firstByteTs;
  }

  /** True once the prefix program reached its {@code SWITCH} (the frame's identity was read). */
  boolean switched() {
    return switched;
  }

  /** True between a frame's first byte and its completion. */
  boolean inFrame() {
    return state != SIZE || sizeHave > 0;
  }

  /** Continues the frame with {@code programId} after a {@link #SWITCH}. */
  void jump(int programId) {
    program = programId;
    pc = 0;
    phase = P_START;
    depth = 0;
    state = PROGRAM;
  }

  /** Starts the next frame. */
  void next() {
    state = SIZE;
    sizeHave = 0;
    size = 0;
    remaining = 0;
    firstByteTs = NONE;
    switched = false;
    program = prefixProgram;
    pc = 0;
    phase = P_START;
    depth = 0;
    apiKey = -1;
    version = -1;
    correlationId = 0;
    acks = Integer.MIN_VALUE;
    errorCode = Integer.MIN_VALUE;
    records = NONE;
    batches = 0;
    truncated = false;
    malformed = false;
    gap = false;
    completed = false;
    clientIdLen = -1;
    transactionalIdLen = -1;
    pathLen = 0;
    pathTruncated = false;
  }

  /** Consumes bytes from {@code p} until the end or a state the caller has to act on; returns the new position. */
  int feed(byte[] b, int p, int end, long ts) {
    int[] prog = Programs.get(program);
    while (true) {
      switch (state) {
        case SIZE:
          if (p >= end) {
            return p;
          }
          if (sizeHave == 0) {
            firstByteTs = ts;
          }
          size = (size << 8) | (b[p++] & 0xff);
          if (++sizeHave == 4) {
            if (size < 0 || size > MAX_FRAME) {
              state = FAILED;
              return p;
            }
            remaining = size;
            state = PROGRAM;
          }
          break;
        case PROGRAM:
          if (phase == P_START && !startOp(prog)) {
            if (state == SWITCH) {
              switched = true;
              return p;
            }
            prog = Programs.get(program);
            break;
          }
          if (remaining == 0) {
            truncated = true;
            state = REST;
            break;
          }
          if (p >= end) {
            return p;
          }
          p = step(prog, b, p, (int) Math.min(end, (long) p + remaining));
          break;
        case REST:
          if (remaining == 0) {
            state = DONE;
            return p;
          }
          if (p >= end) {
            return p;
          }
          int n = Math.min(remaining, end - p);
          p += n;
          remaining -= n;
          break;
        default:
          return p;
      }
    }
  }

  /**
   * {@code bytes} of this direction were not captured. Returns false if framing is lost (the hole is not inside
   * the current frame's body); otherwise the frame continues, unparsed, after the hole.
   */
  boolean gap(long bytes) {
    if ((state != PROGRAM && state != REST && state != SWITCH) || bytes > remaining) {
      return false;
    }
    remaining -= (int) bytes;
    gap = true;
    state = REST;
    return true;
  }

  /**
   * Executes the zero-byte work of the op at {@code pc}: returns true if the op needs bytes (its phase is set),
   * false if the program moved on (loop, end, switch: see {@link #state}).
   */
  private boolean startOp(int[] prog) {
    int op = prog[pc];
    switch (op) {
      case Programs.END:
        completed = switched;
        state = REST;
        return false;
      case Programs.SWITCH:
        pc += W;
        state = SWITCH;
        return false;
      case Programs.LOOP:
        if (--loopLeft[depth - 1] > 0) {
          pc = loopPc[depth - 1];
        } else {
          depth--;
          pc += W;
        }
        return false;
      case Programs.SKIP:
        left = prog[pc + 1];
        phase = P_PAYLOAD;
        return true;
      case Programs.UUID:
        left = 16;
        uuidHave = 0;
        phase = P_PAYLOAD;
        return true;
      case Programs.ERR16:
      case Programs.INT16:
      case Programs.STR:
        return number(2);
      case Programs.INT32:
      case Programs.BYTES:
      case Programs.RECORDS:
      case Programs.ARRAY:
        return number(4);
      default: // compact lengths, tags
        return number(0);
    }
  }

  private boolean number(int width) {
    numWidth = width;
    numHave = 0;
    acc = 0;
    phase = P_NUMBER;
    return true;
  }

  /** Consumes at least one byte of the current op (never beyond {@code lim}, the frame's end or the chunk's). */
  private int step(int[] prog, byte[] b, int p, int lim) {
    int start = p;
    switch (phase) {
      case P_NUMBER:
      case P_TAG:
      case P_TAG_SIZE:
        p = readNumber(b, p, lim);
        remaining -= p - start;
        if (numHave < 0) {
          fail();
        } else if (numWidth > 0 ? numHave == numWidth : numHave > 0 && (b[p - 1] & 0x80) == 0) {
          if (phase == P_NUMBER) {
            onNumber(prog, numWidth == 2 ? (short) acc : numWidth == 4 ? (int) acc : acc);
          } else {
            onTagNumber();
          }
        }
        return p;
      case P_PAYLOAD:
      case P_TAG_SKIP: {
        int n = (int) Math.min(left, lim - p);
        boolean captured = phase == P_PAYLOAD && prog[pc] != Programs.SKIP && prog[pc] != Programs.BYTES
            && prog[pc] != Programs.CBYTES;
        if (captured) {
          capture(prog[pc + 1], prog[pc], b, p, n);
        }
        p += n;
        left -= n;
        remaining -= n;
        if (left == 0) {
          if (phase == P_PAYLOAD) {
            if (captured) {
              payloadDone(prog[pc], prog[pc + 1]);
            }
            opDone();
          } else {
            nextTag();
          }
        }
        return p;
      }
      case P_RECORDS: {
        int n = (int) Math.min(left, lim - p);
        scanRecords(b, p, n);
        p += n;
        left -= n;
        remaining -= n;
        if (left == 0) {
          opDone();
        }
        return p;
      }
      default:
        fail();
        return p;
    }
  }

  /** Fixed-width big-endian or unsigned varint; {@code numHave} goes negative on an overlong varint. */
  private int readNumber(byte[] b, int p, int lim) {
    if (numWidth > 0) {
      while (p < lim && numHave < numWidth) {
        acc = (acc << 8) | (b[p++] & 0xff);
        numHave++;
      }
      return p;
    }
    while (p < lim) {
      int c = b[p++];
      acc |= (long) (c & 0x7f) << (7 * numHave);
      numHave++;
      if ((c & 0x80) == 0) {
        return p;
      }
      if (numHave == 5) {
        numHave = -1;
        return p;
      }
    }
    return p;
  }

  private void onNumber(int[] prog, long v) {
    int op = prog[pc];
    int cap = prog[pc + 1];
    switch (op) {
      case Programs.ERR16:
        if (errorCode == Integer.MIN_VALUE || (errorCode == 0 && v != 0)) {
          errorCode = (int) v;
        }
        opDone();
        return;
      case Programs.INT16:
      case Programs.INT32:
        captureInt(cap, (int) v);
        opDone();
        return;
      case Programs.TAGS:
        if (v > remaining) {
          fail();
        } else if (v == 0) {
          opDone();
        } else {
          tagsLeft = v;
          tagNumber(P_TAG);
        }
        return;
      case Programs.ARRAY:
      case Programs.CARRAY: {
        long count = op == Programs.CARRAY ? v - 1 : v;
        if (count > remaining) {
          fail();
        } else if (count <= 0) {
          pc = prog[pc + 1] + W; // past the LOOP
          phase = P_START;
        } else if (depth == MAX_DEPTH) {
          fail();
        } else {
          loopPc[depth] = pc + W;
          loopLeft[depth++] = count;
          opDone();
        }
        return;
      }
      default: {
        long len = op == Programs.CSTR || op == Programs.CBYTES || op == Programs.CRECORDS ? v - 1 : v;
        if (len < 0) {
          if (op == Programs.STR || op == Programs.CSTR) {
            nullString(cap);
          }
          opDone();
        } else if (len > remaining) {
          fail();
        } else if (len == 0) {
          if (op == Programs.STR || op == Programs.CSTR) {
            startString(cap);
            payloadDone(op, cap);
          } else if (op == Programs.RECORDS || op == Programs.CRECORDS) {
            startRecords();
          }
          opDone();
        } else {
          left = len;
          if (op == Programs.RECORDS || op == Programs.CRECORDS) {
            startRecords();
            phase = P_RECORDS;
          } else {
            if (op == Programs.STR || op == Programs.CSTR) {
              startString(cap);
            }
            phase = P_PAYLOAD;
          }
        }
      }
    }
  }

  private void tagNumber(int tagPhase) {
    numWidth = 0;
    numHave = 0;
    acc = 0;
    phase = tagPhase;
  }

  private void onTagNumber() {
    if (phase == P_TAG) {
      tagNumber(P_TAG_SIZE);
    } else if (acc > remaining) {
      fail();
    } else if (acc == 0) {
      nextTag();
    } else {
      left = acc;
      phase = P_TAG_SKIP;
    }
  }

  private void nextTag() {
    if (--tagsLeft == 0) {
      opDone();
    } else {
      tagNumber(P_TAG);
    }
  }

  private void opDone() {
    pc += W;
    phase = P_START;
  }

  /** The body does not match its schema: the rest of the frame is skipped. */
  private void fail() {
    malformed = true;
    state = REST;
    phase = P_START;
  }

  // ---- captures ----

  private void captureInt(int cap, int v) {
    switch (cap) {
      case Programs.CAP_API_KEY:
        apiKey = v;
        break;
      case Programs.CAP_VERSION:
        version = v;
        break;
      case Programs.CAP_CORRELATION:
        correlationId = v;
        break;
      case Programs.CAP_ACKS:
        acks = v;
        break;
      default:
        break;
    }
  }

  private void startString(int cap) {
    switch (cap) {
      case Programs.CAP_CLIENT_ID:
        clientIdLen = 0;
        break;
      case Programs.CAP_TRANSACTIONAL_ID:
        transactionalIdLen = 0;
        break;
      case Programs.CAP_TOPIC:
      case Programs.CAP_TOPIC_OR_ID:
        startName();
        break;
      default:
        break;
    }
  }

  private void nullString(int cap) {
    if (cap == Programs.CAP_TOPIC_OR_ID) {
      startName();
      appendName(pendingId);
      endName();
    }
  }

  private void capture(int cap, int op, byte[] b, int p, int n) {
    if (op == Programs.UUID) {
      System.arraycopy(b, p, uuid, uuidHave, n);
      uuidHave += n;
      return;
    }
    switch (cap) {
      case Programs.CAP_CLIENT_ID:
        clientIdLen = append(clientId, clientIdLen, b, p, n);
        break;
      case Programs.CAP_TRANSACTIONAL_ID:
        transactionalIdLen = append(transactionalId, transactionalIdLen, b, p, n);
        break;
      case Programs.CAP_TOPIC:
      case Programs.CAP_TOPIC_OR_ID:
        appendName(b, p, n);
        break;
      default:
        break;
    }
  }

  private static int append(byte[] to, int len, byte[] b, int p, int n) {
    int k = Math.min(n, to.length - len);
    System.arraycopy(b, p, to, len, k);
    return len + k;
  }

  private void payloadDone(int op, int cap) {
    if (op == Programs.UUID) {
      if (cap == Programs.CAP_PENDING_ID) {
        System.arraycopy(uuid, 0, pendingId, 0, 16);
      } else if (cap == Programs.CAP_TOPIC_ID) {
        startName();
        appendName(uuid);
        endName();
      }
    } else if (cap == Programs.CAP_TOPIC || cap == Programs.CAP_TOPIC_OR_ID) {
      endName();
    }
  }

  private void startName() {
    if (path == null) {
      path = new byte[PATH_MAX];
    }
    nameStart = pathLen == 0 ? 0 : pathLen + 1;
    nameOverflow = false;
    if (pathLen > 0 && pathLen < PATH_MAX) {
      path[pathLen] = ',';
    }
    cursor = nameStart;
  }

  private void appendName(byte[] b, int p, int n) {
    if (cursor + n > PATH_MAX) {
      nameOverflow = true;
      return;
    }
    System.arraycopy(b, p, path, cursor, n);
    cursor += n;
  }

  /** A topic id as Kafka prints it (URL-safe base64 without padding); the all-zero id is no id. */
  private void appendName(byte[] id) {
    boolean zero = true;
    for (byte x : id) {
      zero &= x == 0;
    }
    if (zero || cursor + 22 > PATH_MAX) {
      nameOverflow |= !zero;
      return;
    }
    for (int i = 0; i < 16; i += 3) {
      int v = (id[i] & 0xff) << 16 | (i + 1 < 16 ? (id[i + 1] & 0xff) << 8 : 0) | (i + 2 < 16 ? id[i + 2] & 0xff : 0);
      int chars = i + 2 < 16 ? 4 : 2;
      for (int c = 0; c < chars; c++) {
        path[cursor++] = (byte) B64[(v >> (18 - 6 * c)) & 63];
      }
    }
  }

  private static final char[] B64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

  /** Keeps the name just appended unless it is empty, did not fit or is already in the path. */
  private void endName() {
    int n = cursor - nameStart;
    if (nameOverflow) {
      pathTruncated = true;
      return;
    }
    if (n == 0) {
      return;
    }
    int s = 0;
    while (s < pathLen) {
      int e = s;
      while (e < pathLen && path[e] != ',') {
        e++;
      }
      if (e - s == n && java.util.Arrays.equals(path, s, e, path, nameStart, cursor)) {
        return;
      }
      s = e + 1;
    }
    pathLen = cursor;
  }

  // ---- record sets ----

  private void startRecords() {
    if (records == NONE) {
      records = 0;
      batches = 0;
    }
    recordSet.start();
  }

  private void scanRecords(byte[] b, int p, int n) {
    recordSet.scan(b, p, n, left);
    records += recordSet.takeRecords();
    batches += recordSet.takeBatches();
  }

  static int int32(byte[] b, int o) {
    return (b[o] & 0xff) << 24 | (b[o + 1] & 0xff) << 16 | (b[o + 2] & 0xff) << 8 | (b[o + 3] & 0xff);
  }

  // ---- results ----

  String clientId() {
    return clientIdLen < 0 ? null : new String(clientId, 0, clientIdLen, StandardCharsets.UTF_8);
  }

  String transactionalId() {
    return transactionalIdLen < 0 ? null : new String(transactionalId, 0, transactionalIdLen, StandardCharsets.UTF_8);
  }

  /** The topics (names, else ids), comma-joined, or null. */
  String path() {
    if (pathLen == 0) {
      return pathTruncated ? "..." : null;
    }
    String s = new String(path, 0, pathLen, StandardCharsets.UTF_8);
    return pathTruncated ? s + ",..." : s;
  }

  long bufferedBytes() {
    return RecordSetCounter.BATCH_HEADER + 2L * ID_MAX + 32 + (path == null ? 0 : PATH_MAX);
  }
}
