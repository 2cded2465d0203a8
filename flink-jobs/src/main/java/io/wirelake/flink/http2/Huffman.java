package io.wirelake.flink.http2;

/**
 * The HPACK Huffman code (RFC 7541 appendix B) and a table-driven decoder that consumes four bits per step.
 * The code is canonical (codes assigned in order of length, then symbol), so the table is stored as the code
 * length of each of the 257 symbols (256 octets and EOS) and the codes are derived from it.
 */
final class Huffman {
  static final int EOS = 256;

  /** Code length in bits of symbols 0..256, RFC 7541 appendix B. */
  static final int[] CODE_LENGTHS = {
      13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
      28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
      6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
      5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
      13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
      7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
      15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
      6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
      20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
      24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
      22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
      21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
      26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
      19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
      20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
      26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
      30};

  /** The code of each symbol, right-aligned (the last bit is bit 0). */
  static final int[] CODES = canonicalCodes(CODE_LENGTHS);

  private static final int STATES = 256; // internal nodes of a full binary tree with 257 leaves
  private static final int FAIL = -2;
  private static final short[] NEXT = new short[STATES * 16];
  /** Symbol emitted by a transition, -1 for none, {@link #FAIL} if EOS was decoded. */
  private static final short[] EMIT = new short[STATES * 16];
  /** States in which the input may end: the root, or at most 7 bits into the all-ones (EOS) prefix. */
  private static final boolean[] ACCEPT = new boolean[STATES];

  static {
    buildDecoder();
  }

  private Huffman() {}

  static int[] canonicalCodes(int[] lengths) {
    int n = lengths.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> lengths[a] != lengths[b] ? lengths[a] - lengths[b] : a - b);
    int[] codes = new int[n];
    int code = 0;
    int prevLen = lengths[order[0]];
    for (int i = 0; i < n; i++) {
      int s = order[i];
      if (i > 0) {
        code = (code + 1) << (lengths[s] - prevLen);
      }
      prevLen = lengths[s];
      codes[s] = code;
    }
    return codes;
  }

  private static void buildDecoder() {
    // tree: internal nodes 0..255, children >= 0 are internal nodes, < 0 are leaves -(symbol + 1)
    int[][] child = new int[2][STATES];
    for (int[] c : child) {
      java.util.Arrays.fill(c, Integer.MIN_VALUE);
    }
    int nodes = 1;
    for (int sym = 0; sym <= EOS; sym++) {
      int len = CODE_LENGTHS[sym];
      int code = CODES[sym];
      int node = 0;
      for (int b = len - 1; b >= 0; b--) {
        int bit = (code >>> b) & 1;
        if (b == 0) {
          child[bit][node] = -(sym + 1);
        } else {
          if (child[bit][node] == Integer.MIN_VALUE) {
            child[bit][node] = nodes++;
          }
          node = child[bit][node];
        }
      }
    }
    if (nodes != STATES) {
      throw new IllegalStateException("huffman tree has " + nodes + " internal nodes");
    }
    int node = 0;
    for (int depth = 0; depth <= 7 && node >= 0; depth++) {
      ACCEPT[node] = true;
      node = child[1][node];
    }
    for (int s = 0; s < STATES; s++) {
      for (int nibble = 0; nibble < 16; nibble++) {
        int cur = s;
        int emit = -1;
        for (int b = 3; b >= 0; b--) {
          int next = child[(nibble >>> b) & 1][cur];
          if (next < 0) {
            int sym = -next - 1;
            emit = sym == EOS ? FAIL : sym;
            cur = 0;
            if (sym == EOS) {
              break;
            }
          } else {
            cur = next;
          }
        }
        NEXT[s * 16 + nibble] = (short) cur;
        EMIT[s * 16 + nibble] = (short) emit;
      }
    }
  }

  /** Largest decoded length of {@code len} encoded octets (the shortest code has 5 bits). */
  static int maxDecodedLength(int len) {
    return len * 8 / 5 + 1;
  }

  /**
   * Decodes {@code src[off, off + len)} into {@code dst} from index 0 (which must hold
   * {@link #maxDecodedLength} bytes). Returns the decoded length, or -1 if the input holds EOS or ends in
   * padding that is longer than 7 bits or not all ones.
   */
  static int decode(byte[] src, int off, int len, byte[] dst) {
    int state = 0;
    int n = 0;
    for (int i = off, end = off + len; i < end; i++) {
      int b = src[i] & 0xff;
      int t = (state << 4) | (b >>> 4);
      int e = EMIT[t];
      if (e != -1) {
        if (e == FAIL) {
          return -1;
        }
        dst[n++] = (byte) e;
      }
      state = NEXT[t];
      t = (state << 4) | (b & 0x0f);
      e = EMIT[t];
      if (e != -1) {
        if (e == FAIL) {
          return -1;
        }
        dst[n++] = (byte) e;
      }
      state = NEXT[t];
    }
    return ACCEPT[state] ? n : -1;
  }
}
