package io.wirelake.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles, the definition SPEC section 3 uses for raw rows. */
final class Percentiles {
  private Percentiles() {}

  /** {@code sorted[ceil(p/100 * n) - 1]}; null for no values. */
  static Long nearestRank(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(1, rank) - 1);
  }

  static String describe(List<Long> values) {
    if (values.isEmpty()) {
      return "no values";
    }
    List<Long> v = new ArrayList<>(values);
    Collections.sort(v);
    return String.format("p50 %s  p90 %s  p99 %s  (n=%,d)", micros(nearestRank(v, 50)), micros(nearestRank(v, 90)),
        micros(nearestRank(v, 99)), v.size());
  }

  private static String micros(long us) {
    return Math.abs(us) >= 10_000 ? String.format("%.1f ms", us / 1000.0) : us + " us";
  }
}
