package io.wirelake.mcp;

import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.sql.InvalidQueryException;
import io.wirelake.lakehouse.sql.QueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** {@code run_sql}: read-only Flink SQL over the tables, for questions the other tools miss. */
final class RunSqlTool implements WirelakeTool {

  static final int MAX_ROWS = 1000;

  private final SqlSession sql;

  RunSqlTool(SqlSession sql) {
    this.sql = sql;
  }

  @Override
  public String name() {
    return "run_sql";
  }

  @Override
  public String description() {
    return "Runs one read-only SQL query (Flink SQL, batch) over catalog wirelake, namespace net:"
        + " tables l7_transactions (API calls: request_ts, latency_us, method, path, route, status,"
        + " client_*/server_* addresses and workloads, error, ...), l4_flows (TCP connections:"
        + " start_ts, handshake_rtt_us, bytes_c2s, bytes_s2c, close_reason, ...), l7_latency_1m,"
        + " l4_handshake_1m, workloads. Times are UTC TIMESTAMP_LTZ; durations are microseconds."
        + " Use it only for questions the other tools do not answer: it is slower (seconds; the"
        + " first query starts Flink, 10-20 s). Anything but a query is refused. Example: SELECT"
        + " route, count(*) AS n FROM l7_transactions WHERE status >= 500 GROUP BY route ORDER BY n DESC";
  }

  @Override
  public InputSchema schema() {
    return new InputSchema()
        .string("query", "One SELECT (or WITH ... SELECT) statement.")
        .integer("max_rows", "Stop after this many rows (default 100).", 1, MAX_ROWS, 100L)
        .integer("timeout_seconds", "Give up after this many seconds (default 60).", 1, 300, 60L)
        .required("query");
  }

  @Override
  public ToolOutput call(Arguments args) {
    String query = args.requiredString("query");
    int maxRows = args.integer("max_rows", 1, MAX_ROWS, 100);
    int timeout = args.integer("timeout_seconds", 1, 300, 60);
    QueryResult result;
    try {
      result = sql.query(query, maxRows, Duration.ofSeconds(timeout));
    } catch (InvalidQueryException e) {
      throw new InvalidArgumentException("query", e.getMessage());
    } catch (TimeoutException e) {
      throw new InvalidArgumentException(
          "timeout_seconds", "the query did not finish within " + timeout + " s and was cancelled; narrow it (time filter, LIMIT) or raise timeout_seconds");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
    List<String> names = result.columns().stream().map(QueryResult.Column::name).toList();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (List<Object> values : result.rows()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        row.put(names.get(i), json(values.get(i)));
      }
      rows.add(row);
    }
    List<Map<String, Object>> columns = new ArrayList<>();
    for (QueryResult.Column column : result.columns()) {
      columns.add(Map.of("name", column.name(), "type", column.type()));
    }
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("columns", columns);
    content.put("rows", rows);
    content.put("truncated", result.truncated());
    return new ToolOutput(
        rows.size() + " rows" + (result.truncated() ? " (stopped at max_rows=" + maxRows + "; more exist)" : ""),
        content);
  }

  private static Object json(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
      return value;
    }
    if (value instanceof Instant instant) {
      return instant.toString();
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), json(v)));
      return copy;
    }
    return value.toString();
  }
}
