package io.wirelake.lakehouse.evidence;

import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.table.WirelakeTables;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The snapshot each table is read at during one export: the current snapshot, or the one a named
 * tag points to. Resolved once per table, so every read of a table in one export sees one state.
 */
final class PinnedTables {

  /** A table and the snapshot to read; snapshotId null when there is nothing to read. */
  record Pinned(TableIdentifier id, Table table, Long snapshotId) {}

  private final Catalog catalog;
  private final String tag;
  private final Map<TableIdentifier, Pinned> pinned = new LinkedHashMap<>();

  PinnedTables(Catalog catalog, String tag) {
    this.catalog = catalog;
    this.tag = tag;
    if (tag != null) {
      boolean anywhere =
          WirelakeTables.all().stream()
              .filter(catalog::tableExists)
              .map(catalog::loadTable)
              .anyMatch(t -> isTag(t.refs().get(tag)));
      if (!anywhere) {
        throw new InvalidArgumentException(
            "snapshot", "no snapshot named '" + tag + "'; list the names with list_snapshots");
      }
    }
  }

  Pinned pin(TableIdentifier id) {
    return pinned.computeIfAbsent(id, this::resolve);
  }

  /** Every table pinned so far, in the order first read. */
  Map<TableIdentifier, Pinned> all() {
    return pinned;
  }

  private Pinned resolve(TableIdentifier id) {
    if (!catalog.tableExists(id)) {
      return new Pinned(id, null, null);
    }
    Table table = catalog.loadTable(id);
    if (tag == null) {
      Snapshot current = table.currentSnapshot();
      return new Pinned(id, table, current == null ? null : current.snapshotId());
    }
    SnapshotRef ref = table.refs().get(tag);
    // a table that has no such tag was empty when the snapshot was taken
    return new Pinned(id, table, isTag(ref) ? ref.snapshotId() : null);
  }

  private static boolean isTag(SnapshotRef ref) {
    return ref != null && ref.isTag();
  }
}
