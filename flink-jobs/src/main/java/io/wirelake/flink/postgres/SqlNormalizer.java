package io.wirelake.flink.postgres;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Normalizes SQL text so that the same statement with different values groups together: string literals
 * ('...', E'...', B'...', X'...', N'...', U&amp;'...', $tag$...$tag$), numbers (integer, decimal, exponent,
 * 0x/0o/0b; a unary minus included) and the booleans TRUE/FALSE become {@code ?}; a list of placeholders
 * inside {@code IN (...)} becomes one {@code ?}; comments are dropped; whitespace runs become one space;
 * trailing semicolons are removed. Identifiers, keywords, quoted identifiers and parameters ($1) stay as
 * written. Works on the UTF-8 bytes (every syntax character is ASCII) and builds one string. Stateless.
 */
public final class SqlNormalizer {
  /** Longest normalized text kept; longer text is cut and ends with "...". */
  static final int MAX_LENGTH = 4096;

  private SqlNormalizer() {}

  /** The normalized form of {@code sql}, as stored in {@code path} of postgres rows. */
  public static String normalize(String sql) {
    byte[] b = sql.getBytes(StandardCharsets.UTF_8);
    return normalize(b, 0, b.length);
  }

  static String normalize(byte[] b, int off, int len) {
    Out out = new Out(Math.min(len, MAX_LENGTH) + 8);
    int end = off + len;
    int p = off;
    boolean space = false;
    // IN-list state: 0 none, 1 saw IN, 2 inside "IN (" with only placeholders so far
    int inList = 0;
    while (p < end && out.len <= MAX_LENGTH) {
      int c = b[p] & 0xff;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        space = true;
        p++;
        continue;
      }
      if (c == '-' && p + 1 < end && b[p + 1] == '-') {
        while (p < end && b[p] != '\n') {
          p++;
        }
        space = true;
        continue;
      }
      if (c == '/' && p + 1 < end && b[p + 1] == '*') {
        p = skipBlockComment(b, p, end);
        space = true;
        continue;
      }
      if (space && out.len > 0) {
        out.add(' ');
      }
      space = false;
      if (c == '\'') {
        boolean escapes = dropStringPrefix(out);
        p = skipString(b, p, end, escapes);
        inList = placeholder(out, inList);
      } else if (c == '$' && p + 1 < end && !isDigit(b[p + 1]) && !out.endsWithIdentChar()) {
        int q = skipDollarString(b, p, end);
        if (q < 0) {
          out.add('$');
          p++;
          inList = 0;
        } else {
          p = q;
          inList = placeholder(out, inList);
        }
      } else if (c == '"') {
        int q = p + 1;
        while (q < end) {
          if (b[q] == '"') {
            if (q + 1 < end && b[q + 1] == '"') {
              q += 2;
              continue;
            }
            q++;
            break;
          }
          q++;
        }
        out.add(b, p, q);
        p = q;
        inList = 0;
      } else if ((isDigit(c) || (c == '.' && p + 1 < end && isDigit(b[p + 1]))) && !out.endsWithIdentChar()) {
        p = skipNumber(b, p, end);
        dropUnaryMinus(out);
        inList = placeholder(out, inList);
      } else if (isIdentStart(c) || c == '$') {
        int q = p + 1;
        while (q < end && isIdentChar(b[q] & 0xff)) {
          q++;
        }
        if (wordIs(b, p, q, "true") || wordIs(b, p, q, "false")) {
          inList = placeholder(out, inList);
        } else {
          out.add(b, p, q);
          inList = wordIs(b, p, q, "in") ? 1 : 0;
        }
        p = q;
      } else {
        out.add(c);
        p++;
        if (c == '(' && inList == 1) {
          inList = 2;
        } else if (!(c == ',' && inList == 2)) {
          inList = 0;
        }
      }
    }
    if (out.len > MAX_LENGTH) {
      out.len = MAX_LENGTH;
      out.add('.');
      out.add('.');
      out.add('.');
    } else {
      while (out.len > 0 && (out.b[out.len - 1] == ';' || out.b[out.len - 1] == ' ')) {
        out.len--;
      }
    }
    return new String(out.b, 0, out.len, StandardCharsets.UTF_8);
  }

  /**
   * The statement's first keyword in upper case (skipping whitespace, comments and opening parentheses),
   * e.g. {@code SELECT} for {@code (select 1)}; null if the text starts with something else.
   */
  static String firstKeyword(byte[] b, int off, int len) {
    int end = off + len;
    int p = off;
    while (p < end) {
      int c = b[p] & 0xff;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '(') {
        p++;
      } else if (c == '-' && p + 1 < end && b[p + 1] == '-') {
        while (p < end && b[p] != '\n') {
          p++;
        }
      } else if (c == '/' && p + 1 < end && b[p + 1] == '*') {
        p = skipBlockComment(b, p, end);
      } else {
        break;
      }
    }
    int q = p;
    while (q < end && q - p < 32 && isLetter(b[q] & 0xff)) {
      q++;
    }
    if (q == p) {
      return null;
    }
    char[] w = new char[q - p];
    for (int i = 0; i < w.length; i++) {
      w[i] = Character.toUpperCase((char) b[p + i]);
    }
    return new String(w);
  }

  private static int placeholder(Out out, int inList) {
    if (inList == 2) {
      // "(?, ?" -> "(?": drop the comma (and space) after an earlier placeholder of the same IN list
      int n = out.len;
      if (n >= 2 && out.b[n - 1] == ' ' && out.b[n - 2] == ',') {
        n -= 2;
      } else if (n >= 1 && out.b[n - 1] == ',') {
        n -= 1;
      }
      if (n < out.len && n >= 1 && out.b[n - 1] == '?') {
        out.len = n;
        return 2;
      }
    }
    out.add('?');
    return inList == 2 ? 2 : 0;
  }

  /** "= -5" and "(-5" are one literal: drops a just-written minus that follows an operator, not an operand. */
  private static void dropUnaryMinus(Out out) {
    int n = out.len;
    if (n == 0 || out.b[n - 1] != '-') {
      return;
    }
    int i = n - 2;
    if (i >= 0 && out.b[i] == ' ') {
      i--;
    }
    if (i < 0) {
      out.len = n - 1;
      return;
    }
    int c = out.b[i] & 0xff;
    boolean operand = isIdentChar(c) || c == ')' || c == ']' || c == '?' || c == '"' || c == '\'';
    if (!operand) {
      out.len = n - 1;
    }
  }

  /** Removes a one-letter string prefix (E, B, X, N, U&amp;) just written; true for E (backslash escapes). */
  private static boolean dropStringPrefix(Out out) {
    int n = out.len;
    if (n >= 2 && out.b[n - 1] == '&' && (out.b[n - 2] | 0x20) == 'u'
        && (n == 2 || !isIdentChar(out.b[n - 3] & 0xff))) {
      out.len = n - 2;
      return false;
    }
    if (n >= 1 && (n == 1 || !isIdentChar(out.b[n - 2] & 0xff))) {
      int c = out.b[n - 1] | 0x20;
      if (c == 'e' || c == 'b' || c == 'x' || c == 'n') {
        out.len = n - 1;
        return c == 'e';
      }
    }
    return false;
  }

  private static int skipString(byte[] b, int p, int end, boolean backslashEscapes) {
    int q = p + 1;
    while (q < end) {
      byte c = b[q];
      if (backslashEscapes && c == '\\') {
        q += 2;
        continue;
      }
      if (c == '\'') {
        if (q + 1 < end && b[q + 1] == '\'') {
          q += 2;
          continue;
        }
        return q + 1;
      }
      q++;
    }
    return end;
  }

  /** End of a dollar-quoted string starting at p, or -1 if p does not start one. */
  private static int skipDollarString(byte[] b, int p, int end) {
    int q = p + 1;
    while (q < end && b[q] != '$') {
      if (!isIdentChar(b[q] & 0xff)) {
        return -1;
      }
      q++;
    }
    if (q >= end) {
      return -1;
    }
    int tagLen = q + 1 - p; // "$tag$"
    for (int i = q + 1; i + tagLen <= end; i++) {
      if (b[i] == '$' && regionEquals(b, i, p, tagLen)) {
        return i + tagLen;
      }
    }
    return end;
  }

  private static boolean regionEquals(byte[] b, int i, int j, int n) {
    for (int k = 0; k < n; k++) {
      if (b[i + k] != b[j + k]) {
        return false;
      }
    }
    return true;
  }

  private static int skipNumber(byte[] b, int p, int end) {
    int q = p;
    if (b[q] == '0' && q + 1 < end && "xXoObB".indexOf(b[q + 1]) >= 0 && q + 2 < end && isHexOrUnderscore(b[q + 2])) {
      q += 2;
      while (q < end && isHexOrUnderscore(b[q])) {
        q++;
      }
      return q;
    }
    while (q < end && (isDigit(b[q]) || b[q] == '_')) {
      q++;
    }
    if (q < end && b[q] == '.') {
      q++;
      while (q < end && (isDigit(b[q]) || b[q] == '_')) {
        q++;
      }
    }
    if (q < end && (b[q] == 'e' || b[q] == 'E')) {
      int r = q + 1;
      if (r < end && (b[r] == '+' || b[r] == '-')) {
        r++;
      }
      if (r < end && isDigit(b[r])) {
        q = r;
        while (q < end && isDigit(b[q])) {
          q++;
        }
      }
    }
    return q;
  }

  private static int skipBlockComment(byte[] b, int p, int end) {
    int depth = 0;
    int q = p;
    while (q < end) {
      if (b[q] == '/' && q + 1 < end && b[q + 1] == '*') {
        depth++;
        q += 2;
      } else if (b[q] == '*' && q + 1 < end && b[q + 1] == '/') {
        q += 2;
        if (--depth == 0) {
          return q;
        }
      } else {
        q++;
      }
    }
    return end;
  }

  private static boolean wordIs(byte[] b, int p, int q, String w) {
    if (q - p != w.length()) {
      return false;
    }
    for (int i = 0; i < w.length(); i++) {
      if ((b[p + i] | 0x20) != w.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexOrUnderscore(int c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '_';
  }

  private static boolean isLetter(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isIdentStart(int c) {
    return isLetter(c) || c == '_' || c >= 0x80;
  }

  private static boolean isIdentChar(int c) {
    return isIdentStart(c) || isDigit(c) || c == '$';
  }

  /** A growable output buffer (one per call). */
  private static final class Out {
    byte[] b;
    int len;

    Out(int cap) {
      b = new byte[Math.max(cap, 16)];
    }

    void add(int c) {
      if (len == b.length) {
        b = Arrays.copyOf(b, b.length * 2);
      }
      b[len++] = (byte) c;
    }

    void add(byte[] src, int from, int to) {
      int n = to - from;
      if (len + n > b.length) {
        b = Arrays.copyOf(b, Math.max(b.length * 2, len + n));
      }
      System.arraycopy(src, from, b, len, n);
      len += n;
    }

    boolean endsWithIdentChar() {
      return len > 0 && isIdentChar(b[len - 1] & 0xff);
    }
  }
}
