package io.wirelake.ingest.generate;

/**
 * How the {@link PlantedChanges} alter single exchanges (the new caller is an arrival matter,
 * see {@link DailyArrivals}). {@link #NONE} alters nothing and draws no random numbers, so
 * traffic without changes stays exactly as it was.
 */
final class PlantedEffects {

  static final PlantedEffects NONE = new PlantedEffects(Long.MAX_VALUE, -2, 0, 0, -2, null, 0);
  private static final double EXTRA_SIGMA = 0.35;

  private final long since;
  private final int slowService;
  private final double slowShare;
  private final long extraMedianMicros;
  private final int errorService;
  private final Route errorRoute;
  private final double errorShare;

  private PlantedEffects(long since, int slowService, double slowShare, long extraMedianMicros,
      int errorService, Route errorRoute, double errorShare) {
    this.since = since;
    this.slowService = slowService;
    this.slowShare = slowShare;
    this.extraMedianMicros = extraMedianMicros;
    this.errorService = errorService;
    this.errorRoute = errorRoute;
    this.errorShare = errorShare;
  }

  static PlantedEffects of(PlantedChanges planted, Cluster cluster) {
    PlantedChanges.ErrorBurst burst = planted.errorBurst();
    int errorService = cluster.indexOf(burst.service().name());
    Route route = cluster.service(errorService).routes().stream()
        .filter(r -> r.method().equals(burst.method()) && r.path().equals(burst.route()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no route " + burst.route()));
    return new PlantedEffects(planted.sinceMicros(),
        cluster.indexOf(planted.slowTail().service().name()), planted.slowTail().share(),
        planted.slowTail().extraMedianMicros(), errorService, route, burst.share());
  }

  /** The server time of a request to {@code callee} sent at {@code t}, given its usual one. */
  long latency(int callee, long t, long usual, Rng rng) {
    if (t < since || callee != slowService || !rng.chance(slowShare)) {
      return usual;
    }
    return usual + Math.round(rng.logNormal(extraMedianMicros, EXTRA_SIGMA));
  }

  /** Whether a request to {@code route} of {@code callee} sent at {@code t} fails regardless. */
  boolean fails(int callee, Route route, long t, Rng rng) {
    return t >= since && callee == errorService && route == errorRoute && rng.chance(errorShare);
  }
}
