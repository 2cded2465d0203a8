package io.wirelake.lakehouse.evidence;

import io.wirelake.lakehouse.query.InvalidArgumentException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a snapshot retention: {@code 30d}, {@code 12h}, {@code 90m}, {@code 2w}, or ISO-8601 {@code P30D}. */
public final class Retention {

  private static final Pattern AMOUNT = Pattern.compile("(\\d+)\\s*([smhdw])");

  private Retention() {}

  /** The duration, or null if {@code text} is null or blank (keep until deleted). */
  public static Duration parse(String text, String argument) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    Duration d;
    Matcher m = AMOUNT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d = switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
    } else {
      try {
        d = Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new InvalidArgumentException(argument, "cannot read '" + text + "'; use e.g. 30d, 12h, 2w or P30D");
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw new InvalidArgumentException(argument, "must be positive, was '" + text + "'");
    }
    return d;
  }
}
