package io.wirelake.flink.http;

/**
 * The route of a request target: the path without query or fragment, with id-like segments replaced by
 * {@code {id}}: all digits, a UUID, or a hex string of at least 8 characters that contains a digit (hashes,
 * object ids). An absolute-form target ({@code http://host/path}) is reduced to its path.
 */
public final class RouteTemplate {
  public static final String ID = "{id}";

  private RouteTemplate() {}

  public static String route(String target) {
    if (target == null) {
      return null;
    }
    String path = target;
    int q = indexOfAny(path, '?', '#');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    int scheme = path.indexOf("://");
    if (scheme > 0 && scheme < 8) {
      int slash = path.indexOf('/', scheme + 3);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    if (path.isEmpty() || path.charAt(0) != '/') {
      return path; // "*" (OPTIONS) or authority-form (CONNECT)
    }
    StringBuilder sb = new StringBuilder(path.length());
    int i = 0;
    int n = path.length();
    while (i < n) {
      int j = path.indexOf('/', i + 1);
      if (j < 0) {
        j = n;
      }
      sb.append('/');
      String seg = path.substring(i + 1, j);
      sb.append(isId(seg) ? ID : seg);
      i = j;
    }
    return sb.toString();
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == a || c == b) {
        return i;
      }
    }
    return -1;
  }

  static boolean isId(String seg) {
    int n = seg.length();
    if (n == 0) {
      return false;
    }
    boolean allDigits = true;
    boolean allHex = true;
    boolean anyDigit = false;
    for (int i = 0; i < n; i++) {
      char c = seg.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      boolean hex = digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      allDigits &= digit;
      allHex &= hex;
      anyDigit |= digit;
    }
    if (allDigits) {
      return true;
    }
    if (allHex && anyDigit && n >= 8) {
      return true;
    }
    return isUuid(seg);
  }

  static boolean isUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return false;
        }
      } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }
}
