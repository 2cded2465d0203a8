package io.wirelake.lakehouse.sql;

import java.util.List;

/**
 * The result of one read-only query: column names and Flink SQL types, and the rows as Java
 * values the way Flink returns them ({@code Instant} for {@code TIMESTAMP_LTZ}, {@code byte[]} for
 * {@code BYTES}, {@code Map} for {@code MAP}, ...). Render it with {@link ResultFormat}.
 *
 * @param columns the result columns, in order
 * @param rows the rows, each a list with one value (possibly null) per column
 * @param truncated true if the query had more rows than the row limit and they were dropped
 */
public record QueryResult(List<Column> columns, List<List<Object>> rows, boolean truncated) {

  /**
   * One result column.
   *
   * @param name the column name
   * @param type the Flink SQL type, e.g. {@code BIGINT NOT NULL} or {@code TIMESTAMP_LTZ(6)}
   */
  public record Column(String name, String type) {}

  public QueryResult {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }
}
