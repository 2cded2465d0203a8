package io.wirelake.flink.redis;

/**
 * The {@code route} of a Redis key: the key with id-like segments (separated by {@code :}) replaced by
 * {@code {id}}, the same rule as HTTP routes: all digits, a UUID, or a hex string of at least 8 characters
 * that contains a digit ({@code user:1234:profile} to {@code user:{id}:profile}). At most 256 characters.
 */
final class KeyTemplate {
  static final String ID = "{id}";
  static final int MAX = 256;

  private KeyTemplate() {}

  static String route(String key) {
    if (key == null) {
      return null;
    }
    StringBuilder sb = null;
    int n = key.length();
    int s = 0;
    while (s <= n) {
      int e = key.indexOf(':', s);
      if (e < 0) {
        e = n;
      }
      if (isId(key, s, e)) {
        if (sb == null) {
          sb = new StringBuilder(n).append(key, 0, s);
        }
        sb.append(ID);
      } else if (sb != null) {
        sb.append(key, s, e);
      }
      if (e < n && sb != null) {
        sb.append(':');
      }
      s = e + 1;
    }
    String r = sb == null ? key : sb.toString();
    return r.length() > MAX ? r.substring(0, MAX) : r;
  }

  static boolean isId(String k, int s, int e) {
    int n = e - s;
    if (n == 0) {
      return false;
    }
    boolean allDigits = true;
    boolean allHex = true;
    boolean anyDigit = false;
    for (int i = s; i < e; i++) {
      char c = k.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      allDigits &= digit;
      allHex &= digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      anyDigit |= digit;
    }
    return allDigits || (allHex && anyDigit && n >= 8) || isUuid(k, s, e);
  }

  private static boolean isUuid(String k, int s, int e) {
    if (e - s != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = k.charAt(s + i);
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
