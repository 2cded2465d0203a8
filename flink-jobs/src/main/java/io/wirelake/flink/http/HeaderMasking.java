package io.wirelake.flink.http;

import io.wirelake.flink.tcp.DissectionConfig;

import java.util.Locale;

/**
 * Masks secrets in header values before storage: {@code authorization} and {@code proxy-authorization} keep
 * their scheme ({@code Bearer ***}); {@code cookie} keeps cookie names ({@code sid=***; theme=***});
 * {@code set-cookie} keeps the name and the attributes ({@code sid=***; Path=/; HttpOnly}); API-key-like
 * headers ({@code x-api-key}, {@code api-key}, {@code x-auth-token}, any name containing {@code token},
 * {@code secret}, {@code password}, {@code apikey} or {@code api-key}) become {@code ***}.
 */
public final class HeaderMasking {
  public static final String MASK = "***";

  private HeaderMasking() {}

  /** True if the value of the (lowercase) header {@code name} is a secret. */
  public static boolean isSecret(String name) {
    switch (name) {
      case "authorization":
      case "proxy-authorization":
      case "cookie":
      case "set-cookie":
      case "x-api-key":
      case "api-key":
      case "x-auth-token":
        return true;
      default:
        return name.contains("token") || name.contains("secret") || name.contains("password")
            || name.contains("apikey") || name.contains("api-key") || name.contains("api_key");
    }
  }

  /**
   * True if the value of the (lowercase) header {@code name} is masked under {@code config}: the built-in
   * credential names, plus the configured extra names, less the names configured to stay in clear; nothing
   * when masking is off.
   */
  public static boolean isSecret(String name, DissectionConfig config) {
    if (!config.maskSecrets() || config.unmaskedHeaders().contains(name)) {
      return false;
    }
    return config.maskedHeaders().contains(name) || isSecret(name);
  }

  /** The value to store for the (lowercase) header {@code name}. */
  public static String mask(String name, String value) {
    if (!isSecret(name) || value == null) {
      return value;
    }
    return maskValue(name, value);
  }

  /** The masked form of a secret value: the scheme of an Authorization kept, cookie names kept, the rest hidden. */
  public static String maskValue(String name, String value) {
    if (value == null) {
      return null;
    }
    switch (name) {
      case "authorization":
      case "proxy-authorization": {
        String v = value.trim();
        int sp = v.indexOf(' ');
        return sp > 0 ? v.substring(0, sp) + " " + MASK : MASK;
      }
      case "cookie":
        return maskCookiePairs(value);
      case "set-cookie": {
        int semi = value.indexOf(';');
        String first = semi < 0 ? value : value.substring(0, semi);
        int eq = first.indexOf('=');
        String masked = eq > 0 ? first.substring(0, eq).trim() + "=" + MASK : MASK;
        return semi < 0 ? masked : masked + value.substring(semi);
      }
      default:
        return MASK;
    }
  }

  private static String maskCookiePairs(String value) {
    StringBuilder sb = new StringBuilder(value.length());
    for (String part : value.split(";")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append("; ");
      }
      int eq = p.indexOf('=');
      sb.append(eq > 0 ? p.substring(0, eq).trim() : "").append(eq > 0 ? "=" : "").append(MASK);
    }
    return sb.toString();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
