package io.wirelake.lakehouse.evidence;

import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.table.WirelakeTables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Named snapshots (SPEC section 4): an Iceberg tag of one name on every wirelake table at its
 * current snapshot, optionally with a retention (the tag's max ref age). Tables are tagged one
 * after the other (Iceberg has no multi-table commit); empty tables are left untagged and read as
 * empty through the name.
 */
public final class Snapshots {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final Catalog catalog;

  public Snapshots(Catalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Tags every table with data at its current snapshot.
   *
   * @param retention how long after the snapshot time the tag may be expired; null to keep it
   * @throws InvalidArgumentException naming {@code name} if it is malformed or taken, or if there
   *     is no data to snapshot
   */
  public SnapshotTag create(String name, Duration retention) {
    if (name == null || !NAME.matcher(name).matches() || name.equals(SnapshotRef.MAIN_BRANCH)) {
      throw new InvalidArgumentException("name",
          "use 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit (not 'main'), was '" + name + "'");
    }
    List<Table> tables = existing();
    for (Table table : tables) {
      if (table.refs().containsKey(name)) {
        throw new InvalidArgumentException("name", "a snapshot named '" + name + "' already exists; choose another name");
      }
    }
    List<SnapshotTag.TaggedTable> tagged = new ArrayList<>();
    for (Table table : tables) {
      Snapshot current = table.currentSnapshot();
      if (current == null) {
        continue;
      }
      ManageSnapshots manage = table.manageSnapshots().createTag(name, current.snapshotId());
      if (retention != null) {
        manage = manage.setMaxRefAgeMs(name, retention.toMillis());
      }
      manage.commit();
      tagged.add(tagged(table, current, retention == null ? null : retention.toMillis()));
    }
    if (tagged.isEmpty()) {
      throw new InvalidArgumentException("name", "nothing to snapshot: every table is empty");
    }
    return new SnapshotTag(name, tagged);
  }

  /** Every named snapshot (tags on wirelake tables), by name. */
  public List<SnapshotTag> list() {
    Map<String, List<SnapshotTag.TaggedTable>> byName = new TreeMap<>();
    for (Table table : existing()) {
      table.refs().forEach((name, ref) -> {
        if (ref.isTag()) {
          Snapshot snapshot = table.snapshot(ref.snapshotId());
          byName.computeIfAbsent(name, n -> new ArrayList<>()).add(
              tagged(table, snapshot, ref.maxRefAgeMs()));
        }
      });
    }
    List<SnapshotTag> all = new ArrayList<>();
    byName.forEach((name, tables) -> {
      tables.sort(Comparator.comparing(SnapshotTag.TaggedTable::table));
      all.add(new SnapshotTag(name, tables));
    });
    return all;
  }

  private List<Table> existing() {
    List<Table> tables = new ArrayList<>();
    for (TableIdentifier id : WirelakeTables.all()) {
      if (catalog.tableExists(id)) {
        tables.add(catalog.loadTable(id));
      }
    }
    return tables;
  }

  private static SnapshotTag.TaggedTable tagged(Table table, Snapshot snapshot, Long maxRefAgeMs) {
    Instant time = snapshot == null ? null : Instant.ofEpochMilli(snapshot.timestampMillis());
    Instant expires = maxRefAgeMs == null || time == null ? null : time.plusMillis(maxRefAgeMs);
    long id = snapshot == null ? -1 : snapshot.snapshotId();
    return new SnapshotTag.TaggedTable(tableName(table), id, time, expires);
  }

  private static String tableName(Table table) {
    String name = table.name();
    int dot = name.indexOf('.');
    // catalog-qualified names ("wirelake.net.segments") are shown without the catalog
    return name.chars().filter(c -> c == '.').count() >= 2 ? name.substring(dot + 1) : name;
  }
}
