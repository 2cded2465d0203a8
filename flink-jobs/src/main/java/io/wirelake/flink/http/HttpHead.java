package io.wirelake.flink.http;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;

/**
 * A parsed request or status line and its header fields (names lowercased; repeated fields joined with
 * {@code ", "}). Built from a complete header block; tolerant of bare LF line ends and obsolete line folding.
 * Strings are built only for the start line and the fields, never per byte.
 */
public final class HttpHead {
  public boolean request;
  public boolean malformed;
  public String method;
  public String target;
  public String version;
  public int status = -1;
  public String reason;
  public HashMap<String, String> headers = new HashMap<>();

  /** Parses {@code b[0, len)}: a start line, header lines and the empty line. */
  public static HttpHead parse(byte[] b, int len, boolean request) {
    HttpHead h = new HttpHead();
    h.request = request;
    int pos = 0;
    // skip leading empty lines
    while (pos < len && (b[pos] == '\r' || b[pos] == '\n')) {
      pos++;
    }
    int eol = indexOf(b, pos, len, (byte) '\n');
    if (eol < 0) {
      h.malformed = true;
      return h;
    }
    String start = line(b, pos, eol);
    pos = eol + 1;
    if (request) {
      int sp1 = start.indexOf(' ');
      int sp2 = start.lastIndexOf(' ');
      if (sp1 <= 0 || sp2 <= sp1) {
        h.malformed = true;
        return h;
      }
      h.method = start.substring(0, sp1);
      h.target = start.substring(sp1 + 1, sp2).trim();
      h.version = start.substring(sp2 + 1);
      if (!isToken(h.method) || !h.version.startsWith("HTTP/") || h.target.isEmpty()) {
        h.malformed = true;
        return h;
      }
    } else {
      int sp1 = start.indexOf(' ');
      if (sp1 <= 0 || !start.startsWith("HTTP/")) {
        h.malformed = true;
        return h;
      }
      h.version = start.substring(0, sp1);
      int i = sp1;
      while (i < start.length() && start.charAt(i) == ' ') {
        i++;
      }
      if (i + 3 > start.length()) {
        h.malformed = true;
        return h;
      }
      int st = 0;
      for (int k = 0; k < 3; k++) {
        char c = start.charAt(i + k);
        if (c < '0' || c > '9') {
          h.malformed = true;
          return h;
        }
        st = st * 10 + (c - '0');
      }
      if (i + 3 < start.length() && start.charAt(i + 3) != ' ') {
        h.malformed = true;
        return h;
      }
      h.status = st;
      h.reason = i + 4 <= start.length() ? start.substring(Math.min(i + 4, start.length())) : "";
    }
    String lastName = null;
    while (pos < len) {
      eol = indexOf(b, pos, len, (byte) '\n');
      if (eol < 0) {
        eol = len;
      }
      int end = eol;
      if (end > pos && b[end - 1] == '\r') {
        end--;
      }
      if (end == pos) {
        break; // the empty line
      }
      if ((b[pos] == ' ' || b[pos] == '\t') && lastName != null) {
        // obsolete line folding: continuation of the previous value
        String cont = new String(b, pos, end - pos, StandardCharsets.ISO_8859_1).trim();
        h.headers.put(lastName, h.headers.get(lastName) + " " + cont);
      } else {
        int colon = indexOf(b, pos, end, (byte) ':');
        if (colon <= pos) {
          h.malformed = true;
          return h;
        }
        String name = new String(b, pos, colon - pos, StandardCharsets.ISO_8859_1).trim().toLowerCase(java.util.Locale.ROOT);
        String value = new String(b, colon + 1, end - colon - 1, StandardCharsets.ISO_8859_1).trim();
        String prev = h.headers.get(name);
        h.headers.put(name, prev == null ? value : prev + ", " + value);
        lastName = name;
      }
      pos = eol + 1;
    }
    return h;
  }

  private static String line(byte[] b, int from, int eol) {
    int end = eol;
    if (end > from && b[end - 1] == '\r') {
      end--;
    }
    return new String(b, from, end - from, StandardCharsets.ISO_8859_1);
  }

  static int indexOf(byte[] b, int from, int to, byte v) {
    for (int i = from; i < to; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  public String header(String lowercaseName) {
    return headers.get(lowercaseName);
  }

  /** True if the last transfer coding is chunked. */
  public boolean chunked() {
    String te = headers.get("transfer-encoding");
    if (te == null) {
      return false;
    }
    String t = te.trim().toLowerCase(java.util.Locale.ROOT);
    return t.endsWith("chunked");
  }

  /** Content-Length, -1 if absent, -2 if invalid. */
  public long contentLength() {
    String cl = headers.get("content-length");
    if (cl == null) {
      return -1;
    }
    // "10, 10" from repeated identical fields is acceptable
    int comma = cl.indexOf(',');
    String v = (comma >= 0 ? cl.substring(0, comma) : cl).trim();
    if (v.isEmpty() || v.length() > 18) {
      return -2;
    }
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return -2;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
