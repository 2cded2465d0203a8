package io.wirelake.lakehouse.query;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code from} / {@code to} arguments users and assistants write into a {@link
 * TimeWindow}. Accepted forms, each for either argument:
 *
 * <ul>
 *   <li>ISO-8601 instants: {@code 2026-11-24T14:00:00Z}, {@code 2026-11-24T15:00+01:00}; a local
 *       date-time without offset ({@code 2026-11-24T14:00}) is read in the time zone;
 *   <li>dates: {@code 2026-11-24}, that whole day in the time zone;
 *   <li>ISO intervals: {@code start/end}, {@code start/PT1H}, {@code PT1H/end};
 *   <li>relative times: {@code now}, {@code now-1h}, {@code -15m}, {@code now-1d12h} (units s, m,
 *       h, d, w);
 *   <li>named ranges: {@code today}, {@code yesterday}, {@code this week}, {@code last week} (weeks
 *       start on Monday, in the time zone), {@code last 7d}, {@code last 24h}, {@code last 30m}.
 * </ul>
 *
 * <p>A range (date, interval, named range) given as {@code from} alone is the whole window; given
 * as {@code to} it stands for its end, so {@code from=2026-11-23, to=2026-11-24} covers both days.
 * Without {@code from} the window has no start ({@link TimeWindow#OPEN_START}); without {@code to}
 * it has no end ({@link TimeWindow#OPEN_END}; captures replayed from files or clocks ahead of this
 * one can be "in the future"), or ends where a range given as {@code from} ends. "Now" comes from
 * the clock, so tests are deterministic. Empty or inverted windows are refused.
 */
public final class TimeWindowParser {

  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern DATE_TIME_WITH_SPACE =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}.*)");
  private static final Pattern RELATIVE =
      Pattern.compile("(now)?\\s*(?:([+-])\\s*((?:\\d+\\s*[a-z]+\\s*)+))?");
  private static final Pattern LAST = Pattern.compile("last\\s+((?:\\d+\\s*[a-z]+\\s*)+)");
  private static final Pattern AMOUNT = Pattern.compile("(\\d+)\\s*([a-z]+)");

  static final String FORMS =
      "use an ISO-8601 instant (2026-11-24T14:00:00Z), a date (2026-11-24), an interval"
          + " (2026-11-24T14:00Z/2026-11-24T15:00Z or 2026-11-24T14:00Z/PT1H), a relative time"
          + " (now, now-1h, -15m) or a named range (today, yesterday, this week, last week,"
          + " last 7d, last 24h)";

  private final Clock clock;

  /** A parser whose "now" is {@code clock.instant()}. */
  public TimeWindowParser(Clock clock) {
    this.clock = clock;
  }

  /**
   * The window that {@code from} and {@code to} describe, either of which may be null or blank.
   *
   * @throws InvalidArgumentException naming {@code from} or {@code to} if one cannot be read, or
   *     if the window is empty or inverted
   */
  public TimeWindow parse(String from, String to, ZoneId zone) {
    Instant now = clock.instant();
    Range fromRange = blank(from) ? null : range(from, "from", zone, now);
    Range toRange = blank(to) ? null : range(to, "to", zone, now);
    Instant start = fromRange == null ? TimeWindow.OPEN_START : fromRange.start();
    Instant end;
    if (toRange != null) {
      end = toRange.end();
    } else if (fromRange != null && fromRange.isRange()) {
      end = fromRange.end();
    } else {
      end = TimeWindow.OPEN_END;
    }
    if (!start.isBefore(end)) {
      String argument = toRange != null ? "to" : "from";
      throw new InvalidArgumentException(
          argument,
          "the window from "
              + start
              + " to "
              + end
              + " is "
              + (start.equals(end) ? "empty" : "inverted")
              + "; 'from' must be before 'to'");
    }
    return new TimeWindow(start, end);
  }

  /** One instant: {@code text} read as a point in time (a range stands for its start). */
  public Instant parseInstant(String text, String argument, ZoneId zone) {
    return range(text, argument, zone, clock.instant()).start();
  }

  /**
   * The time zone named by {@code tz} ({@code UTC}, {@code Europe/Berlin}, {@code +02:00}); UTC
   * when null or blank.
   *
   * @throws InvalidArgumentException naming {@code argument} if the zone is unknown
   */
  public static ZoneId zone(String tz, String argument) {
    if (blank(tz)) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(tz.trim());
    } catch (DateTimeException e) {
      throw new InvalidArgumentException(
          argument, "unknown time zone '" + tz + "'; use a region id such as UTC or Europe/Berlin, or an offset such as +02:00");
    }
  }

  /** A point has {@code start == end}; a range is {@code [start, end)}. */
  private record Range(Instant start, Instant end) {
    static Range point(Instant at) {
      return new Range(at, at);
    }

    boolean isRange() {
      return !start.equals(end);
    }
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  private Range range(String raw, String argument, ZoneId zone, Instant now) {
    String text = raw.trim().toLowerCase(Locale.ROOT);
    try {
      Range named = named(text, zone, now, argument);
      if (named != null) {
        return named;
      }
      if (text.indexOf('/') > 0) {
        return interval(raw.trim(), zone, argument);
      }
      if (DATE.matcher(text).matches()) {
        LocalDate day = LocalDate.parse(text);
        return new Range(startOfDay(day, zone), startOfDay(day.plusDays(1), zone));
      }
      Instant instant = instant(raw.trim(), zone);
      if (instant != null) {
        return Range.point(instant);
      }
    } catch (DateTimeException | ArithmeticException e) {
      throw new InvalidArgumentException(
          argument, "cannot read '" + raw + "' as a time (" + e.getMessage() + "); " + FORMS);
    }
    throw new InvalidArgumentException(argument, "cannot read '" + raw + "' as a time; " + FORMS);
  }

  private static Range named(String text, ZoneId zone, Instant now, String argument) {
    LocalDate today = now.atZone(zone).toLocalDate();
    switch (text) {
      case "today":
        return new Range(startOfDay(today, zone), startOfDay(today.plusDays(1), zone));
      case "yesterday":
        return new Range(startOfDay(today.minusDays(1), zone), startOfDay(today, zone));
      case "this week":
        {
          LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
          return new Range(startOfDay(monday, zone), startOfDay(monday.plusWeeks(1), zone));
        }
      case "last week":
        {
          LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
          return new Range(startOfDay(monday.minusWeeks(1), zone), startOfDay(monday, zone));
        }
      default:
        break;
    }
    Matcher last = LAST.matcher(text);
    if (last.matches()) {
      return new Range(now.minus(amount(last.group(1), argument)), now);
    }
    Matcher relative = RELATIVE.matcher(text);
    if (relative.matches() && (relative.group(1) != null || relative.group(2) != null)) {
      if (relative.group(2) == null) {
        return Range.point(now);
      }
      Duration amount = amount(relative.group(3), argument);
      return Range.point("-".equals(relative.group(2)) ? now.minus(amount) : now.plus(amount));
    }
    return null;
  }

  /** {@code 1h30m}, {@code 7 days}: the sum of its parts. */
  private static Duration amount(String text, String argument) {
    Duration total = Duration.ZERO;
    Matcher part = AMOUNT.matcher(text);
    while (part.find()) {
      long n = Long.parseLong(part.group(1));
      Duration unit =
          switch (part.group(2)) {
            case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(1);
            case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(1);
            case "h", "hr", "hrs", "hour", "hours" -> Duration.ofHours(1);
            case "d", "day", "days" -> Duration.ofDays(1);
            case "w", "week", "weeks" -> Duration.ofDays(7);
            default ->
                throw new InvalidArgumentException(
                    argument,
                    "unknown time unit '" + part.group(2) + "'; use s, m, h, d or w (e.g. now-15m, last 7d)");
          };
      total = total.plus(unit.multipliedBy(n));
    }
    return total;
  }

  private static Range interval(String text, ZoneId zone, String argument) {
    int slash = text.indexOf('/');
    String left = text.substring(0, slash).trim();
    String right = text.substring(slash + 1).trim();
    boolean leftIsDuration = isDuration(left);
    boolean rightIsDuration = isDuration(right);
    if (leftIsDuration && rightIsDuration) {
      throw new InvalidArgumentException(
          argument, "an interval needs at least one end: start/end, start/PT1H or PT1H/end");
    }
    Instant start = leftIsDuration ? null : endpoint(left, zone, argument);
    Instant end = rightIsDuration ? null : endpoint(right, zone, argument);
    if (start == null) {
      start = minus(end, left);
    }
    if (end == null) {
      end = plus(start, right);
    }
    return new Range(start, end);
  }

  private static Instant endpoint(String text, ZoneId zone, String argument) {
    if (DATE.matcher(text).matches()) {
      return startOfDay(LocalDate.parse(text), zone);
    }
    Instant instant = instant(text, zone);
    if (instant == null) {
      throw new InvalidArgumentException(
          argument, "cannot read the interval end '" + text + "'; " + FORMS);
    }
    return instant;
  }

  private static boolean isDuration(String text) {
    return text.toUpperCase(Locale.ROOT).startsWith("P");
  }

  private static Instant plus(Instant start, String isoDuration) {
    String upper = isoDuration.toUpperCase(Locale.ROOT);
    if (upper.contains("T") || upper.endsWith("D")) {
      return start.plus(Duration.parse(upper));
    }
    Period period = Period.parse(upper);
    return start.atZone(ZoneOffset.UTC).plus(period).toInstant();
  }

  private static Instant minus(Instant end, String isoDuration) {
    String upper = isoDuration.toUpperCase(Locale.ROOT);
    if (upper.contains("T") || upper.endsWith("D")) {
      return end.minus(Duration.parse(upper));
    }
    Period period = Period.parse(upper);
    return end.atZone(ZoneOffset.UTC).minus(period).toInstant();
  }

  /** An ISO-8601 date-time with or without offset or zone; null if it is none of those. */
  private static Instant instant(String text, ZoneId zone) {
    Matcher spaced = DATE_TIME_WITH_SPACE.matcher(text);
    String iso = spaced.matches() ? spaced.group(1) + "T" + spaced.group(2) : text;
    iso = iso.replace('t', 'T').replace('z', 'Z');
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException notOffset) {
      // try the other forms
    }
    try {
      return ZonedDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException notZoned) {
      // try the other forms
    }
    try {
      return LocalDateTime.parse(iso).atZone(zone).toInstant();
    } catch (DateTimeParseException notLocal) {
      return null;
    }
  }

  private static Instant startOfDay(LocalDate day, ZoneId zone) {
    return day.atStartOfDay(zone).toInstant();
  }
}
