package io.wirelake.ingest.generate;

/**
 * The changes a {@link GeneratorConfig#history history} plants on its last day, from
 * {@link #sinceMicros} (14:00 UTC) to its end, so that comparisons of "today" with "yesterday"
 * or with normal behaviour have known answers to find. Names and routes are fixed; addresses
 * depend on the seed and the number of services.
 *
 * @param sinceMicros when the changes start: 14:00 UTC of the last day; requests sent from
 *     then on are affected
 * @param slowTail payments answers a share of its calls much later (p99 up several-fold, p50
 *     about the same)
 * @param errorBurst one catalog endpoint answers many more 500s
 * @param newCaller a service starts calling one it never called before
 */
public record PlantedChanges(
    long sinceMicros, SlowTail slowTail, ErrorBurst errorBurst, NewCaller newCaller) {

  /** Time of day the changes start: 14:00 UTC. */
  public static final long SINCE_TIME_OF_DAY_MICROS = 14 * 3_600_000_000L;
  public static final String SLOW_SERVICE = "payments";
  public static final String ERROR_SERVICE = "catalog";
  public static final String ERROR_METHOD = "GET";
  public static final String ERROR_ROUTE = "/api/v1/catalog/{id}";
  public static final String NEW_CALLER = "checkout";
  public static final String NEW_CALLEE = "users";

  /**
   * Every route of {@code service} gets, for {@code share} of its calls, an extra server time
   * drawn log-normally around {@code extraMedianMicros}: a slow tail such as lock contention.
   */
  public record SlowTail(ServiceFacts service, double share, long extraMedianMicros) {}

  /**
   * {@code method route} of {@code service} answers {@code status} to an extra {@code share} of
   * its calls (on top of its usual 1.5% 500s, so about 15% in all).
   */
  public record ErrorBurst(
      ServiceFacts service, String method, String route, int status, double share) {}

  /**
   * {@code caller}, which never called {@code callee} before, calls it from then on (new
   * client IP to server IP pairs).
   */
  public record NewCaller(ServiceFacts caller, ServiceFacts callee) {}

  /** The changes {@code config}, a history, plants. */
  public static PlantedChanges of(GeneratorConfig config) {
    return new TrafficGenerator(config).plantedChanges()
        .orElseThrow(() -> new IllegalArgumentException("only a history plants changes"));
  }

  static PlantedChanges plant(GeneratorConfig config, Cluster cluster) {
    long since = config.endMicros() - GeneratorConfig.DAY_MICROS + SINCE_TIME_OF_DAY_MICROS;
    return new PlantedChanges(since,
        new SlowTail(cluster.facts(cluster.indexOf(SLOW_SERVICE)), 0.08, 300_000),
        new ErrorBurst(cluster.facts(cluster.indexOf(ERROR_SERVICE)), ERROR_METHOD, ERROR_ROUTE,
            500, 0.14),
        new NewCaller(cluster.facts(cluster.indexOf(NEW_CALLER)),
            cluster.facts(cluster.indexOf(NEW_CALLEE))));
  }
}
