package io.wirelake.cli;

import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.flink.enrich.EnrichmentConfig;
import io.wirelake.lakehouse.security.InternalNetworks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every command that runs the pipeline shares: where the embedded stack keeps its data, or which Kafka to use. */
final class StackOptions {
  @Option(names = "--data", defaultValue = "./data", paramLabel = "DIR",
      description = "Folder of the embedded catalog, warehouse, Kafka log and checkpoints (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Use this Kafka instead of starting the embedded broker.")
  String bootstrapServers;

  @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--k8s", paramLabel = "FILE[@TIME]",
      description = "Kubernetes metadata for the capture: the output of `kubectl get pods,services,endpointslices,"
          + "nodes -A -o json`, valid from the start of the capture; FILE@TIME (an ISO-8601 instant) is a later "
          + "snapshot taking effect at TIME. Repeatable.")
  List<String> k8s = new ArrayList<>();

  @Option(names = "--cluster-cidr", paramLabel = "CIDR",
      description = "Pod or service address range of the cluster, beyond those learned from nodes and services; "
          + "addresses outside every range are external. Repeatable.")
  List<String> clusterCidrs = new ArrayList<>();

  @Option(names = "--workload-lateness", defaultValue = "2", paramLabel = "SECONDS",
      description = "How late a Kubernetes event may arrive and still claim earlier traffic (default: ${DEFAULT-VALUE}).")
  long workloadLatenessSeconds;

  /** How connections and calls get their Kubernetes context; checks the ranges given. */
  EnrichmentConfig enrichment() {
    try {
      InternalNetworks.of(clusterCidrs);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--cluster-cidr: " + e.getMessage());
    }
    if (workloadLatenessSeconds < 0) {
      throw new IllegalArgumentException("--workload-lateness must not be negative");
    }
    return new EnrichmentConfig(clusterCidrs, workloadLatenessSeconds * 1_000_000L);
  }

  @Mixin CatalogOption catalogOption;

  CatalogSettings catalog() {
    return catalogOption.settings(data);
  }
}
