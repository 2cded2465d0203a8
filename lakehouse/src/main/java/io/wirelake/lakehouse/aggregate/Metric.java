package io.wirelake.lakehouse.aggregate;

import java.util.Locale;

/** What a comparison looks at. */
public enum Metric {
  /** Request latency distribution (p50, p99). */
  LATENCY,
  /** Failure rate (errors / requests). */
  ERRORS,
  /** Request rate (per second, so windows of different length compare). */
  VOLUME,
  /** TCP handshake RTT distribution. */
  HANDSHAKE;

  public static Metric parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unknown metric '" + name + "'");
    }
  }

  boolean usesHandshakes() {
    return this == HANDSHAKE;
  }
}
