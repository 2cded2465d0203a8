package io.wirelake.lakehouse.query;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * Tables loaded once and refreshed before each read, so a long-lived reader sees every new
 * commit without paying for a catalog load per query.
 */
final class LiveTables {

  /** A table and the snapshot one read uses; snapshot null if the table is empty or missing. */
  record Current(Table table, Snapshot snapshot) {}

  private final Catalog catalog;
  private final Map<TableIdentifier, Table> loaded = new ConcurrentHashMap<>();

  LiveTables(Catalog catalog) {
    this.catalog = catalog;
  }

  Current current(TableIdentifier id) {
    Table table = loaded.get(id);
    if (table == null) {
      try {
        table = loaded.computeIfAbsent(id, catalog::loadTable);
      } catch (NoSuchTableException missing) {
        return new Current(null, null);
      }
      return new Current(table, table.currentSnapshot());
    }
    synchronized (table) {
      table.refresh();
      return new Current(table, table.currentSnapshot());
    }
  }
}
