package io.wirelake.ingest.generate;

/**
 * What {@link TrafficGenerator} should produce: either a steady burst of traffic
 * ({@link #ofRequests}, or the five-argument constructor), or a {@link #history} of whole days
 * with a daily rhythm and {@link PlantedChanges} on the last day.
 *
 * @param seed the random seed: the same config always yields the same frames
 * @param startMicros time of the first connection, microseconds since the epoch
 * @param durationMicros no connection opens later than this after the start (0: no limit)
 * @param requests total HTTP requests to generate (0: no limit); for a history, the expected
 *     total, met to within a few percent, not a cap
 * @param services number of services in the virtual cluster, at least 2 (5 for a history)
 * @param history whether this is a {@link #history}
 */
public record GeneratorConfig(
    long seed, long startMicros, long durationMicros, int requests, int services,
    boolean history) {

  /** Microseconds in a day. */
  public static final long DAY_MICROS = 86_400_000_000L;
  /** Services a history needs: the planted changes involve the first five (frontend..users). */
  public static final int HISTORY_MIN_SERVICES = 5;
  private static final int MAX_DAYS = 31;

  public GeneratorConfig {
    if (durationMicros < 0 || requests < 0 || (durationMicros == 0 && requests == 0)) {
      throw new IllegalArgumentException("set a positive duration, a number of requests, or both");
    }
    if (services < 2 || services > 200) {
      throw new IllegalArgumentException("services must be in 2..200, got " + services);
    }
    if (history) {
      if (Math.floorMod(startMicros, DAY_MICROS) != 0) {
        throw new IllegalArgumentException("a history starts at midnight UTC, got " + startMicros);
      }
      if (durationMicros % DAY_MICROS != 0 || durationMicros / DAY_MICROS < 1
          || durationMicros / DAY_MICROS > MAX_DAYS) {
        throw new IllegalArgumentException("a history lasts 1.." + MAX_DAYS + " whole days");
      }
      if (requests < 1) {
        throw new IllegalArgumentException("a history needs a positive number of requests");
      }
      if (services < HISTORY_MIN_SERVICES) {
        throw new IllegalArgumentException(
            "a history needs at least " + HISTORY_MIN_SERVICES + " services, got " + services);
      }
    }
  }

  /** A steady burst (no rhythm, no planted changes), as before histories existed. */
  public GeneratorConfig(
      long seed, long startMicros, long durationMicros, int requests, int services) {
    this(seed, startMicros, durationMicros, requests, services, false);
  }

  /** A steady burst bounded by the number of requests only. */
  public static GeneratorConfig ofRequests(long seed, long startMicros, int requests, int services) {
    return new GeneratorConfig(seed, startMicros, 0, requests, services);
  }

  /**
   * Whole days of traffic that follows the time of day (quiet at night, busiest in the
   * afternoon, per service), with the {@link PlantedChanges} from 14:00 UTC of the last day on.
   * Connections stay short (milliseconds), so the history streams lazily in bounded memory.
   *
   * @param startMicros midnight UTC of the first day
   * @param days 1..31; the history ends at {@code startMicros + days * DAY_MICROS}
   * @param requestsPerDay mean HTTP requests per day; the total varies by a few percent
   * @param services at least {@link #HISTORY_MIN_SERVICES}
   */
  public static GeneratorConfig history(
      long seed, long startMicros, int days, int requestsPerDay, int services) {
    if (days < 1 || days > MAX_DAYS || requestsPerDay < 1) {
      throw new IllegalArgumentException(
          "days must be in 1.." + MAX_DAYS + " and requestsPerDay positive");
    }
    return new GeneratorConfig(seed, startMicros, days * DAY_MICROS,
        Math.multiplyExact(days, requestsPerDay), services, true);
  }

  /** Whole days covered: for a history, its days; otherwise 0. */
  public int days() {
    return history ? (int) (durationMicros / DAY_MICROS) : 0;
  }

  /** Start plus duration: for a history, midnight UTC after its last day (exclusive). */
  public long endMicros() {
    return startMicros + durationMicros;
  }
}
