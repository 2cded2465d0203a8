package io.wirelake.lakehouse.maintenance;

import io.wirelake.lakehouse.table.WirelakeTables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewriteDataFilesActionResult;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.actions.Actions;

/**
 * Keeps the tables small and fast: rewrites small data files into larger ones, then expires snapshots older
 * than a retention. Snapshots that a tag names (see {@code evidence.Snapshots}) are kept, so named points in
 * time stay readable byte for byte; so are the latest {@code retainLast} snapshots of every table.
 */
public final class TableMaintenance {
  private final Catalog catalog;
  private final long targetFileBytes;

  public TableMaintenance(Catalog catalog, long targetFileBytes) {
    this.catalog = catalog;
    this.targetFileBytes = targetFileBytes;
  }

  /** What maintenance did to one table. */
  public record Report(String table, int filesRewritten, int filesAdded, int snapshotsBefore, int snapshotsAfter) {}

  /** Compacts and expires every wirelake table. */
  public List<Report> run(Duration keepSnapshots, int retainLast, Instant now) {
    List<Report> reports = new ArrayList<>();
    Configuration conf = new Configuration();
    conf.setString("taskmanager.memory.managed.size", "32m");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
    for (var id : WirelakeTables.all()) {
      if (!catalog.tableExists(id)) {
        continue; // created by a later version; nothing to maintain yet
      }
      Table table = catalog.loadTable(id);
      if (table.currentSnapshot() == null) {
        continue;
      }
      int before = count(table.snapshots());
      RewriteDataFilesActionResult rewrite = Actions.forTable(env, table).rewriteDataFiles()
          .targetSizeInBytes(targetFileBytes).execute();
      table.refresh();
      table.expireSnapshots()
          .expireOlderThan(now.minus(keepSnapshots).toEpochMilli())
          .retainLast(Math.max(1, retainLast))
          .cleanExpiredFiles(true)
          .commit();
      table.refresh();
      reports.add(new Report(id.name(), rewrite.deletedDataFiles().size(), rewrite.addedDataFiles().size(), before,
          count(table.snapshots())));
    }
    return reports;
  }

  private static int count(Iterable<Snapshot> snapshots) {
    int n = 0;
    for (Snapshot ignored : snapshots) {
      n++;
    }
    return n;
  }
}
