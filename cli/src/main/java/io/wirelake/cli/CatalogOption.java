package io.wirelake.cli;

import io.wirelake.lakehouse.catalog.CatalogSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which Iceberg catalog a command reads and writes: the embedded one under {@code --data} unless
 * {@code --catalog-property} describes another (a REST catalog on object storage in a cluster, for instance).
 */
final class CatalogOption {
  @Option(names = "--catalog-property", paramLabel = "KEY=VALUE",
      description = "Iceberg catalog property instead of the embedded catalog, e.g. type=rest, uri=http://..., "
          + "warehouse=s3://..., io-impl=org.apache.iceberg.aws.s3.S3FileIO. Repeatable.")
  Map<String, String> properties = new LinkedHashMap<>();

  /** The catalog the properties describe, or the embedded catalog under {@code data}. */
  CatalogSettings settings(Path data) {
    if (properties.isEmpty()) {
      return CatalogSettings.embedded(data.toAbsolutePath());
    }
    try {
      return CatalogSettings.fromProperties(properties);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--catalog-property: " + e.getMessage(), e);
    }
  }
}
