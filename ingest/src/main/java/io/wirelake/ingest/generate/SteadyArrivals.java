package io.wirelake.ingest.generate;

/** A steady, busy stream: about 670 connections a second over the cluster's fixed edges. */
final class SteadyArrivals implements Arrivals {

  private static final double MEAN_CONNECTION_GAP_MICROS = 1_500;

  private final Cluster cluster;

  SteadyArrivals(Cluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public Cluster.Edge edge(long t, Rng rng) {
    return cluster.pickEdge(rng);
  }

  @Override
  public long next(long t, Rng rng) {
    return t + 1 + (long) rng.exponential(MEAN_CONNECTION_GAP_MICROS);
  }
}
