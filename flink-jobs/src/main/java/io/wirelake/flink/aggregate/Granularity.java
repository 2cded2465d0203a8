package io.wirelake.flink.aggregate;

/** The window sizes of the aggregate tables: each transaction lands in one window of each. */
public enum Granularity {
  MINUTE(60_000_000L, "1m"),
  HOUR(3_600_000_000L, "1h"),
  DAY(86_400_000_000L, "1d");

  private final long micros;
  private final String suffix;

  Granularity(long micros, String suffix) {
    this.micros = micros;
    this.suffix = suffix;
  }

  public long micros() {
    return micros;
  }

  /** Table name suffix: {@code l7_latency_1m}, {@code _1h}, {@code _1d}. */
  public String suffix() {
    return suffix;
  }

  /** Start of the window (UTC-aligned) that holds {@code tsMicros}. */
  public long windowStart(long tsMicros) {
    return Math.floorDiv(tsMicros, micros) * micros;
  }
}
