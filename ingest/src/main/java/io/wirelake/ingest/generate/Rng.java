package io.wirelake.ingest.generate;

/**
 * SplitMix64 with StrictMath distributions: the same seed yields the same numbers on every JVM,
 * which the generator's byte-for-byte determinism relies on.
 */
final class Rng {

  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  long nextLong() {
    long z = (state += 0x9e3779b97f4a7c15L);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, bound). */
  int nextInt(int bound) {
    return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
  }

  /** Uniform in [from, to]. */
  int between(int from, int to) {
    return from + nextInt(to - from + 1);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  boolean chance(double p) {
    return nextDouble() < p;
  }

  /** Standard normal (Box-Muller). */
  double gaussian() {
    double u = 1.0 - nextDouble();
    double v = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * StrictMath.PI * v);
  }

  /** Log-normal with the given median and shape. */
  double logNormal(double median, double sigma) {
    return median * StrictMath.exp(sigma * gaussian());
  }

  /** Exponential with the given mean. */
  double exponential(double mean) {
    return -mean * StrictMath.log(1.0 - nextDouble());
  }

  <T> T pick(T[] values) {
    return values[nextInt(values.length)];
  }
}
