package io.wirelake.lakehouse.query;

import java.time.Instant;
import java.util.Objects;

/**
 * A half-open time window {@code [from, to)}: a row is in it if its time is at or after {@code
 * from} and before {@code to}. Parse user input with {@link TimeWindowParser}.
 *
 * @param from the first instant in the window
 * @param to the first instant after the window; after {@code from}
 */
public record TimeWindow(Instant from, Instant to) {

  /** The start of a window without a lower bound: the epoch, before any capture. */
  public static final Instant OPEN_START = Instant.EPOCH;

  /** The end of a window without an upper bound: later than any capture. */
  public static final Instant OPEN_END = Instant.parse("9999-12-31T23:59:59Z");

  public TimeWindow {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("window is empty or inverted: " + from + " / " + to);
    }
  }

  /** True if the window has no lower bound. */
  public boolean openStart() {
    return from.equals(OPEN_START);
  }

  /** True if the window has no upper bound. */
  public boolean openEnd() {
    return to.equals(OPEN_END);
  }

  /** True if {@code instant} lies in the window. */
  public boolean contains(Instant instant) {
    return !instant.isBefore(from) && instant.isBefore(to);
  }

  /** {@link #from} in microseconds since the epoch, the unit of wirelake's timestamps. */
  public long fromMicros() {
    return Micros.of(from);
  }

  /** {@link #to} in microseconds since the epoch. */
  public long toMicros() {
    return Micros.of(to);
  }

  @Override
  public String toString() {
    return from + "/" + to;
  }
}
