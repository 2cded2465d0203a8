package io.wirelake.cli;

import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.evidence.Retention;
import io.wirelake.lakehouse.evidence.SnapshotTag;
import io.wirelake.lakehouse.evidence.Snapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wirelake snapshot create NAME [--retention 30d]} and {@code wirelake snapshot list}: named snapshots (Iceberg tags). */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = "Named snapshots: tag every table at its current snapshot, or list the tags.",
    subcommands = {SnapshotCommand.Create.class, SnapshotCommand.ListTags.class})
final class SnapshotCommand {

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Tag every table at its current snapshot.")
  static final class Create implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "./data", paramLabel = "DIR", description = "Data folder (default: ${DEFAULT-VALUE}).")
    Path data;

    @Mixin CatalogOption catalogOption;

    @Parameters(index = "0", paramLabel = "NAME", description = "The snapshot name.")
    String name;

    @Option(names = "--retention", paramLabel = "DURATION", description = "Keep at least this long after the snapshot time (30d, 12h, 2w); default: until deleted.")
    String retention;

    @Override
    public Integer call() throws Exception {
      SnapshotTag tag = withCatalog(data, catalogOption, c -> new Snapshots(c).create(name, Retention.parse(retention, "--retention")));
      print(List.of(tag));
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the named snapshots.")
  static final class ListTags implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "./data", paramLabel = "DIR", description = "Data folder (default: ${DEFAULT-VALUE}).")
    Path data;

    @Mixin CatalogOption catalogOption;

    @Override
    public Integer call() throws Exception {
      List<SnapshotTag> tags = withCatalog(data, catalogOption, c -> new Snapshots(c).list());
      if (tags.isEmpty()) {
        System.out.println("no named snapshots");
      }
      print(tags);
      return 0;
    }
  }

  static void print(List<SnapshotTag> tags) {
    for (SnapshotTag tag : tags) {
      System.out.println(tag.name());
      for (SnapshotTag.TaggedTable t : tag.tables()) {
        System.out.println("  " + t.table() + "  snapshot " + t.snapshotId() + "  at " + t.snapshotTime()
            + (t.expiresAt() == null ? "" : "  expires " + t.expiresAt()));
      }
    }
  }

  interface CatalogWork<T> {
    T apply(Catalog catalog) throws Exception;
  }

  static <T> T withCatalog(Path data, CatalogOption catalogOption, CatalogWork<T> work) throws Exception {
    if (catalogOption.properties.isEmpty() && !Files.isDirectory(data.resolve("catalog"))) {
      throw new IllegalArgumentException("no wirelake tables under " + data
          + "; run ./wirelake demo or ./wirelake ingest first, or pass --data");
    }
    Catalog catalog = CatalogFactory.open(catalogOption.settings(data));
    try {
      return work.apply(catalog);
    } finally {
      if (catalog instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }
}
