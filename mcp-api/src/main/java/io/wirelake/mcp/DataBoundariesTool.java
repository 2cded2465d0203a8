package io.wirelake.mcp;

import io.wirelake.lakehouse.query.DataBoundary;
import io.wirelake.lakehouse.query.TrafficQueries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code get_data_boundaries}: which time range each table holds, per capturing node. */
final class DataBoundariesTool implements WirelakeTool {

  private final TrafficQueries queries;

  DataBoundariesTool(TrafficQueries queries) {
    this.queries = queries;
  }

  @Override
  public String name() {
    return "get_data_boundaries";
  }

  @Override
  public String description() {
    return "Oldest and newest captured data per table (l7_transactions = API calls, l4_flows = TCP"
        + " connections) and per capturing node, with row counts. Call this first to learn which"
        + " time window has data before choosing 'from'/'to' for the other tools.";
  }

  @Override
  public InputSchema schema() {
    return new InputSchema();
  }

  @Override
  public ToolOutput call(Arguments args) {
    List<DataBoundary> boundaries = queries.boundaries();
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, long[]> totals = new LinkedHashMap<>();
    for (DataBoundary b : boundaries) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("table", b.table());
      row.put("node", b.node());
      row.put("oldest", b.oldest().toString());
      row.put("newest", b.newest().toString());
      row.put("rows", b.rows());
      rows.add(row);
      totals.computeIfAbsent(b.table(), t -> new long[1])[0] += b.rows();
    }
    StringBuilder summary = new StringBuilder();
    if (boundaries.isEmpty()) {
      summary.append("No data yet: the tables are empty (run ./wirelake demo or ./wirelake ingest).");
    } else {
      for (String table : totals.keySet()) {
        List<DataBoundary> of = boundaries.stream().filter(b -> b.table().equals(table)).toList();
        summary.append(summary.length() == 0 ? "" : "; ")
            .append(table).append(": ").append(totals.get(table)[0]).append(" rows from ")
            .append(of.stream().map(DataBoundary::oldest).min(Comparable::compareTo).orElseThrow())
            .append(" to ")
            .append(of.stream().map(DataBoundary::newest).max(Comparable::compareTo).orElseThrow())
            .append(" on ").append(of.size()).append(of.size() == 1 ? " node" : " nodes");
      }
    }
    return new ToolOutput(summary.toString(), Map.of("rows", rows));
  }
}
