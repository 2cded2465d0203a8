package io.wirelake.cli;

import io.wirelake.lakehouse.catalog.CatalogSettings;
import java.nio.file.Path;
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

  CatalogSettings catalog() {
    return CatalogSettings.embedded(data.toAbsolutePath());
  }
}
