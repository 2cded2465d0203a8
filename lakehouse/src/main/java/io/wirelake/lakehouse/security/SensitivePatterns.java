package io.wirelake.lakehouse.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds sensitive values in text and returns them redacted: payment card numbers (13 to 19 digits,
 * spaces or dashes between, Luhn-checked), US social security numbers, AWS access key ids, PEM
 * private key blocks and JSON Web Tokens. The raw value never leaves this class.
 */
final class SensitivePatterns {

  /** A value found, already redacted. */
  record Match(String kind, String redacted) {}

  private record Detector(String kind, Pattern pattern, Function<String, String> redactOrNull) {}

  private static final Pattern JWT_ALG = Pattern.compile("\"alg\"\\s*:");

  private static final List<Detector> DETECTORS = List.of(
      new Detector("card_number",
          Pattern.compile("(?<![0-9])[2-6](?:[ -]?[0-9]){12,18}(?![0-9])"),
          SensitivePatterns::card),
      new Detector("us_ssn",
          Pattern.compile("(?<![0-9])(?!000|666|9[0-9]{2})[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}(?![0-9-])"),
          ssn -> "***-**-" + ssn.substring(7)),
      new Detector("aws_access_key",
          Pattern.compile("(?<![A-Z0-9])AKIA[0-9A-Z]{16}(?![A-Z0-9])"),
          key -> key.substring(0, 4) + "*".repeat(12) + key.substring(16)),
      new Detector("private_key",
          Pattern.compile("-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----"),
          key -> "[private key redacted]"),
      new Detector("jwt",
          Pattern.compile("(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"),
          SensitivePatterns::jwt));

  private SensitivePatterns() {}

  /** Every sensitive value in {@code text}, redacted, in detector then text order. */
  static List<Match> find(String text) {
    List<Match> found = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return found;
    }
    for (Detector detector : DETECTORS) {
      Matcher m = detector.pattern().matcher(text);
      while (m.find()) {
        String redacted = detector.redactOrNull().apply(m.group());
        if (redacted != null) {
          found.add(new Match(detector.kind(), redacted));
        }
      }
    }
    return found;
  }

  /** {@code 4111********1111} for a Luhn-valid number of 13 to 19 digits, else null. */
  private static String card(String candidate) {
    String digits = candidate.replaceAll("[ -]", "");
    if (digits.length() < 13 || digits.length() > 19 || !Luhn.valid(digits)) {
      return null;
    }
    return digits.substring(0, 4) + "*".repeat(digits.length() - 8) + digits.substring(digits.length() - 4);
  }

  /** The first ten characters (the start of the public header) for a real JWT, else null. */
  private static String jwt(String candidate) {
    String header = candidate.substring(0, candidate.indexOf('.'));
    try {
      String json = new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8).trim();
      if (!json.startsWith("{") || !JWT_ALG.matcher(json).find()) {
        return null;
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return candidate.substring(0, 10) + "…[redacted]";
  }
}
