package io.wirelake.lakehouse.query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/** Conversions between instants and Iceberg's microsecond timestamps. */
final class Micros {

  private Micros() {}

  static long of(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
  }

  static Instant toInstant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  /** An Iceberg generic {@code timestamptz} value (or an Instant) as an Instant; null stays null. */
  static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof Long micros) {
      return toInstant(micros);
    }
    throw new IllegalArgumentException("not a timestamp: " + value.getClass().getName());
  }
}
