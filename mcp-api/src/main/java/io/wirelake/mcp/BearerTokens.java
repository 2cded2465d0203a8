package io.wirelake.mcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Bearer tokens for the HTTP transport: generating one, and comparing in constant time. */
public final class BearerTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private BearerTokens() {}

  /** A new random token: 32 bytes from a SecureRandom, base64url. */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * True if {@code presented} equals {@code expected}. Both are hashed first and compared with
   * {@link MessageDigest#isEqual}, so the time taken reveals neither the content nor the length.
   */
  static boolean matches(String expected, String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(expected), sha256(presented));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
