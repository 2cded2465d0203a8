package io.wirelake.ingest.generate;

/**
 * What {@link TrafficGenerator} should produce.
 *
 * @param seed the random seed: the same config always yields the same frames
 * @param startMicros time of the first connection, microseconds since the epoch
 * @param durationMicros no connection opens later than this after the start (0: no limit)
 * @param requests total HTTP requests to generate (0: no limit)
 * @param services number of services in the virtual cluster, at least 2
 */
public record GeneratorConfig(
    long seed, long startMicros, long durationMicros, int requests, int services) {

  public GeneratorConfig {
    if (durationMicros < 0 || requests < 0 || (durationMicros == 0 && requests == 0)) {
      throw new IllegalArgumentException("set a positive duration, a number of requests, or both");
    }
    if (services < 2 || services > 200) {
      throw new IllegalArgumentException("services must be in 2..200, got " + services);
    }
  }

  /** A config bounded by the number of requests only. */
  public static GeneratorConfig ofRequests(long seed, long startMicros, int requests, int services) {
    return new GeneratorConfig(seed, startMicros, 0, requests, services);
  }
}
