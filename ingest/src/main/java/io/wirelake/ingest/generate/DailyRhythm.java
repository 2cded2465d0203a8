package io.wirelake.ingest.generate;

/**
 * How busy each service is at a time of day, relative to its daily mean: a sinusoid with a
 * per-service afternoon peak (13:30 to 16:30 UTC) and amplitude (0.65 to 0.85, so nights run at
 * a fifth to a third of the mean), times log-normal noise that changes every ten minutes. The
 * noise is a function of the seed, the service and the time, not of any draw order.
 */
final class DailyRhythm {

  private static final double HOUR_MICROS = 3_600_000_000.0;
  private static final long NOISE_BUCKET_MICROS = 600_000_000L;
  private static final double NOISE_SIGMA = 0.15;

  private final long seed;
  private final double[] peakHour;
  private final double[] amplitude;

  DailyRhythm(long seed, int services) {
    this.seed = seed;
    Rng rng = new Rng(seed ^ 0x6a09e667f3bcc908L);
    peakHour = new double[services];
    amplitude = new double[services];
    for (int s = 0; s < services; s++) {
      peakHour[s] = 13.5 + 3 * rng.nextDouble();
      amplitude[s] = 0.65 + 0.2 * rng.nextDouble();
    }
  }

  /** The relative request rate of {@code service} at {@code micros}; its daily mean is about 1. */
  double factor(int service, long micros) {
    double hour = Math.floorMod(micros, GeneratorConfig.DAY_MICROS) / HOUR_MICROS;
    double wave = 1 + amplitude[service]
        * StrictMath.cos(2 * StrictMath.PI * (hour - peakHour[service]) / 24);
    return wave * noise(service, Math.floorDiv(micros, NOISE_BUCKET_MICROS));
  }

  /** Mean-one log-normal noise for one service and ten minutes. */
  private double noise(int service, long bucket) {
    Rng rng = new Rng(seed * 0x9e3779b97f4a7c15L ^ (service + 1L) * 0xbf58476d1ce4e5b9L
        ^ bucket * 0x94d049bb133111ebL);
    return StrictMath.exp(NOISE_SIGMA * rng.gaussian() - NOISE_SIGMA * NOISE_SIGMA / 2);
  }
}
