package io.wirelake.ingest.generate;

/** Small draws shared by the dependencies' sessions: round trips and clamped values. */
final class Latencies {

  private Latencies() {}

  /** A round trip from the capture point to one end and back, around {@code median} µs. */
  static long rtt(Rng rng, double median) {
    return clamp(rng.logNormal(median, 0.5), 6, 400);
  }

  static long clamp(double v, long min, long max) {
    return Math.max(min, Math.min(max, Math.round(v)));
  }
}
