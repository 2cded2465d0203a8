package io.wirelake.lakehouse.query;

/**
 * Nearest-rank percentiles over raw rows (SPEC section 3): the p-th percentile of n sorted values
 * is {@code sorted[ceil(p / 100 * n) - 1]}, always one of the values, never an interpolation.
 */
public final class Percentiles {

  private Percentiles() {}

  /**
   * The nearest-rank percentile of ascending {@code sorted} values, or null if there are none.
   *
   * @param p the percentile, in (0, 100]
   */
  public static Long nearestRank(long[] sorted, double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    int n = sorted.length;
    if (n == 0) {
      return null;
    }
    long rank = (long) Math.ceil(p * n / 100.0);
    int index = (int) Math.max(0, Math.min(n - 1, rank - 1));
    return sorted[index];
  }
}
