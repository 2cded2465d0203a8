package io.wirelake.mcp;

import io.wirelake.lakehouse.evidence.SnapshotTag;
import io.wirelake.lakehouse.evidence.Snapshots;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;

/** {@code list_snapshots}: the named snapshots with each table's snapshot id and time. */
final class ListSnapshotsTool implements WirelakeTool {
  private final Catalog catalog;

  ListSnapshotsTool(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public String name() {
    return "list_snapshots";
  }

  @Override
  public String description() {
    return "List the named snapshots (create_snapshot): for each name, the tables it pins with their Iceberg snapshot"
        + " id, snapshot time and expiry. Use a name as export_evidence's snapshot argument.";
  }

  @Override
  public InputSchema schema() {
    return new InputSchema();
  }

  @Override
  public ToolOutput call(Arguments args) {
    List<SnapshotTag> tags = new Snapshots(catalog).list();
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("rows", tags.stream().map(CreateSnapshotTool::json).toList());
    return new ToolOutput(tags.isEmpty() ? "no named snapshots" : tags.size() + " named snapshots", content);
  }
}
