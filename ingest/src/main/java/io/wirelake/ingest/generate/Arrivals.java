package io.wirelake.ingest.generate;

/** When connections open and which call edge of the cluster each one carries. */
interface Arrivals {

  /** The edge a connection opening at {@code t} carries. */
  Cluster.Edge edge(long t, Rng rng);

  /** When the connection after one opening at {@code t} opens (later than {@code t}). */
  long next(long t, Rng rng);
}
