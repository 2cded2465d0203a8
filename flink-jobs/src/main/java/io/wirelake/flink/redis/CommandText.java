package io.wirelake.flink.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Renders a command for {@code request_body}: a RESP array as its arguments quoted and escaped the way
 * {@code MONITOR} and {@code redis-cli} show them ({@code "SET" "k" "v"}; {@code \"}, {@code \\}, {@code \r},
 * {@code \n}, {@code \t}, {@code \xHH} for other bytes outside printable ASCII), an inline command as its
 * words separated by single spaces, unquoted ({@code PING}). Secret arguments ({@link CommandTable#isSecret})
 * become {@code ***} when masking is on. The text stops at {@code cap} bytes; an argument longer than what
 * the reader kept ends the text.
 */
final class CommandText {
  static final byte[] MASK = "***".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private byte[] out;
  private int len;
  private int cap;

  /** The rendered command, {@code cap} bytes at most (null if cap is 0). */
  byte[] render(String name, RespReader r, boolean mask, int cap) {
    if (cap <= 0) {
      return null;
    }
    this.cap = cap;
    this.len = 0;
    if (out == null || out.length < Math.min(cap, 256)) {
      out = new byte[Math.min(cap, 256)];
    }
    boolean quoted = r.type() != RespReader.INLINE_TYPE;
    byte[] b = r.elemBuf();
    int n = r.keptElements();
    outer:
    for (int i = 0; i < n; i++) {
      if (i > 0 && !put((byte) ' ')) {
        break;
      }
      if (quoted && !put((byte) '"')) {
        break;
      }
      if (mask && name != null && CommandTable.isSecret(name, r, i)) {
        for (byte m : MASK) {
          if (!put(m)) {
            break outer;
          }
        }
      } else {
        int o = r.elemOff(i);
        int k = r.elemKept(i);
        for (int j = 0; j < k; j++) {
          if (!putEscaped(b[o + j], quoted)) {
            break outer;
          }
        }
        if (k < r.elemFull(i)) {
          break; // the rest of this argument (and any after it) was not kept
        }
      }
      if (quoted && !put((byte) '"')) {
        break;
      }
    }
    byte[] result = Arrays.copyOf(out, len);
    if (out.length > 8192) {
      out = null;
    }
    return result;
  }

  private boolean putEscaped(byte c, boolean quoted) {
    switch (c) {
      case '\\':
        return put2('\\', '\\');
      case '"':
        return quoted ? put2('\\', '"') : put(c);
      case '\n':
        return put2('\\', 'n');
      case '\r':
        return put2('\\', 'r');
      case '\t':
        return put2('\\', 't');
      default:
        if (c >= 0x20 && c < 0x7f) {
          return put(c);
        }
        if (len + 4 > cap) {
          return false;
        }
        put((byte) '\\');
        put((byte) 'x');
        put(HEX[(c >> 4) & 0xf]);
        return put(HEX[c & 0xf]);
    }
  }

  private boolean put2(char a, char b) {
    if (len + 2 > cap) {
      return false;
    }
    put((byte) a);
    return put((byte) b);
  }

  private boolean put(byte c) {
    if (len >= cap) {
      return false;
    }
    if (len == out.length) {
      out = Arrays.copyOf(out, Math.min(cap, out.length * 2));
    }
    out[len++] = c;
    return true;
  }
}
