package io.wirelake.cli;

import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.evidence.Retention;
import io.wirelake.lakehouse.maintenance.TableMaintenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wirelake maintain}: compact small files and expire old snapshots, keeping every tagged snapshot. */
@Command(name = "maintain", mixinStandardHelpOptions = true,
    description = "Compact the tables' small files and expire snapshots older than a retention; tagged snapshots stay readable.")
final class MaintainCommand implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "./data", paramLabel = "DIR", description = "Data folder (default: ${DEFAULT-VALUE}).")
  Path data;

  @Mixin CatalogOption catalogOption;

  @Option(names = "--expire-snapshots-older-than", defaultValue = "7d", paramLabel = "AGE",
      description = "Expire untagged snapshots older than this: 7d, 12h, P30D (default: ${DEFAULT-VALUE}).")
  String expireOlderThan;

  @Option(names = "--retain-last", defaultValue = "5", description = "Always keep this many latest snapshots per table (default: ${DEFAULT-VALUE}).")
  int retainLast;

  @Option(names = "--target-file-size-mb", defaultValue = "128", description = "Size of compacted data files (default: ${DEFAULT-VALUE} MiB).")
  long targetFileMb;

  @Override
  public Integer call() throws Exception {
    if (catalogOption.properties.isEmpty() && !Files.isDirectory(data.resolve("catalog"))) {
      throw new IllegalArgumentException("no wirelake tables under " + data + "; pass --data");
    }
    if (Files.exists(data.resolve("state").resolve("run-plan.properties"))) {
      throw new IllegalStateException("a replay under " + data + " was interrupted and will roll back to its planned"
          + " snapshots; run ./wirelake ingest (or demo) once to finish it, then maintain");
    }
    Catalog catalog = CatalogFactory.open(catalogOption.settings(data));
    try {
      for (TableMaintenance.Report r : new TableMaintenance(catalog, targetFileMb * 1024 * 1024)
          .run(Retention.parse(expireOlderThan, "--expire-snapshots-older-than"), retainLast, Instant.now())) {
        System.out.printf("%-18s files %d -> %d rewritten, snapshots %d -> %d%n", r.table(), r.filesRewritten(),
            r.filesAdded(), r.snapshotsBefore(), r.snapshotsAfter());
      }
    } finally {
      if (catalog instanceof java.io.Closeable c) {
        c.close();
      }
    }
    return 0;
  }
}
