package io.wirelake.mcp;

import io.wirelake.lakehouse.evidence.Retention;
import io.wirelake.lakehouse.evidence.SnapshotTag;
import io.wirelake.lakehouse.evidence.Snapshots;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;

/** {@code create_snapshot}: tags every table at its current snapshot under a name (Iceberg tags). */
final class CreateSnapshotTool implements WirelakeTool {
  private final Catalog catalog;

  CreateSnapshotTool(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public String name() {
    return "create_snapshot";
  }

  @Override
  public String description() {
    return "Pin the current state of every table under a name (an Iceberg tag on each table), optionally with a"
        + " retention such as 30d. Exports that name the snapshot (export_evidence snapshot=...) read exactly this"
        + " state later, even after new data arrives. Names must be new.";
  }

  @Override
  public InputSchema schema() {
    return new InputSchema()
        .string("name", "The snapshot name: letters, digits, '.', '_', '-'.")
        .string("retention", "Keep at least this long after the snapshot time: 30d, 12h, 2w or ISO-8601 (P30D). Omit to keep until deleted.")
        .required("name");
  }

  @Override
  public ToolOutput call(Arguments args) {
    SnapshotTag tag = new Snapshots(catalog).create(
        args.requiredString("name"), Retention.parse(args.string("retention"), "retention"));
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("snapshot", json(tag));
    return new ToolOutput("created snapshot " + tag.name() + " on " + tag.tables().size() + " tables", content);
  }

  static Map<String, Object> json(SnapshotTag tag) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", tag.name());
    List<Map<String, Object>> tables = tag.tables().stream().map(t -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("table", t.table());
      row.put("snapshot_id", t.snapshotId());
      row.put("snapshot_time", t.snapshotTime() == null ? null : t.snapshotTime().toString());
      row.put("expires_at", t.expiresAt() == null ? null : t.expiresAt().toString());
      return row;
    }).toList();
    m.put("tables", tables);
    return m;
  }
}
