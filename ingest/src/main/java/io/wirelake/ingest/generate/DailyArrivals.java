package io.wirelake.ingest.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * Arrivals of a history: a Poisson process whose rate follows each callee's {@link DailyRhythm}
 * (piecewise constant per minute), scaled so the history holds about the configured number of
 * requests. The planted new caller's edge carries traffic only from the change on, and never
 * before.
 */
final class DailyArrivals implements Arrivals {

  /** Mean requests per connection of {@link HttpSession} (measured: 3.58). */
  private static final double REQUESTS_PER_CONNECTION = 3.58;
  private static final long MINUTE_MICROS = 60_000_000L;
  /** Weight of the new edge: as busy as frontend's calls to the same callee. */
  private static final int NEW_EDGE_WEIGHT = 2;

  private final DailyRhythm rhythm;
  private final List<Cluster.Edge> edges = new ArrayList<>();
  private final long newEdgeSince;
  private final double connectionsPerMicroPerWeight;
  private final double[] cumulative;
  private long minute = Long.MIN_VALUE;
  private double rate;

  DailyArrivals(GeneratorConfig config, Cluster cluster, PlantedChanges planted) {
    this.rhythm = new DailyRhythm(config.seed(), cluster.serviceCount());
    int caller = cluster.indexOf(planted.newCaller().caller().name());
    int callee = cluster.indexOf(planted.newCaller().callee().name());
    int baseWeight = 0;
    for (Cluster.Edge edge : cluster.edges()) {
      if (edge.caller() != caller || edge.callee() != callee) {
        edges.add(edge);
        baseWeight += edge.weight();
      }
    }
    edges.add(new Cluster.Edge(caller, callee, NEW_EDGE_WEIGHT));
    this.newEdgeSince = planted.sinceMicros();
    this.cumulative = new double[edges.size()];
    this.connectionsPerMicroPerWeight =
        config.requests() / (REQUESTS_PER_CONNECTION * config.durationMicros()) / baseWeight;
  }

  @Override
  public Cluster.Edge edge(long t, Rng rng) {
    atMinute(Math.floorDiv(t, MINUTE_MICROS));
    double u = rng.nextDouble() * cumulative[cumulative.length - 1];
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return edges.get(lo);
  }

  /** Draws the next gap at the current minute's rate; past the minute, restarts at its end. */
  @Override
  public long next(long t, Rng rng) {
    long from = t;
    while (true) {
      long m = Math.floorDiv(from, MINUTE_MICROS);
      atMinute(m);
      long candidate = from + 1 + (long) rng.exponential(1 / rate);
      long minuteEnd = (m + 1) * MINUTE_MICROS;
      if (candidate < minuteEnd) {
        return candidate;
      }
      from = minuteEnd;
    }
  }

  private void atMinute(long m) {
    if (m == minute) {
      return;
    }
    minute = m;
    long middle = m * MINUTE_MICROS + MINUTE_MICROS / 2;
    double sum = 0;
    for (int i = 0; i < edges.size(); i++) {
      Cluster.Edge edge = edges.get(i);
      boolean open = i < edges.size() - 1 || middle >= newEdgeSince;
      sum += open ? edge.weight() * rhythm.factor(edge.callee(), middle) : 0;
      cumulative[i] = sum;
    }
    rate = sum * connectionsPerMicroPerWeight;
  }
}
