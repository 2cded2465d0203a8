package io.wirelake.flink.enrich;

import java.io.Serializable;
import java.util.List;

/**
 * How connections and calls are given their Kubernetes context: the cluster's address blocks (beyond those
 * learned from nodes and services) that count as inside the cluster, and how long after a packet a workload
 * event may still arrive and claim it (the metadata watcher sees changes a little late). Records wait that
 * long in event time before they are resolved.
 */
public record EnrichmentConfig(List<String> clusterCidrs, long latenessMicros) implements Serializable {

  /** No configured blocks; two seconds of lateness. */
  public static EnrichmentConfig defaults() {
    return new EnrichmentConfig(List.of(), 2_000_000L);
  }

  public EnrichmentConfig {
    clusterCidrs = List.copyOf(clusterCidrs);
    if (latenessMicros < 0) {
      throw new IllegalArgumentException("lateness must not be negative: " + latenessMicros);
    }
  }
}
