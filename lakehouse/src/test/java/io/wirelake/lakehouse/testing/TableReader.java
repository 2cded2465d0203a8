package io.wirelake.lakehouse.testing;

import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Reads the wirelake tables back in tests, as any Iceberg reader would: latest snapshot, generic records. */
public final class TableReader implements Closeable {
  private final Catalog catalog;

  public TableReader(CatalogSettings settings) {
    this.catalog = CatalogFactory.open(settings);
  }

  /** The embedded catalog under a {@code --data} folder. */
  public static TableReader embedded(Path data) {
    return new TableReader(CatalogSettings.embedded(data.toAbsolutePath()));
  }

  public Catalog catalog() {
    return catalog;
  }

  /** Every row of the table's current snapshot. */
  public List<Record> rows(TableIdentifier table) throws IOException {
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(table)).build()) {
      rows.forEach(r -> out.add(r.copy()));
    }
    return out;
  }

  /** One column of every row. */
  public List<Object> column(TableIdentifier table, String column) throws IOException {
    List<Object> out = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(table)).select(column).build()) {
      rows.forEach(r -> out.add(r.getField(column)));
    }
    return out;
  }

  /** Rows in the current snapshot, from its summary; 0 for a missing or empty table. */
  public long count(TableIdentifier table) {
    if (!catalog.tableExists(table)) {
      return 0;
    }
    Table t = catalog.loadTable(table);
    String total = t.currentSnapshot() == null ? null : t.currentSnapshot().summary().get("total-records");
    return total == null ? 0 : Long.parseLong(total);
  }

  @Override
  public void close() throws IOException {
    if (catalog instanceof Closeable c) {
      c.close();
    }
  }
}
