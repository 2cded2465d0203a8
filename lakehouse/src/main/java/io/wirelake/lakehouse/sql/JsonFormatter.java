package io.wirelake.lakehouse.sql;

import java.util.List;

/** {@link ResultFormat#JSON}. */
final class JsonFormatter {

  private JsonFormatter() {}

  static String format(QueryResult result) {
    StringBuilder out = new StringBuilder("[");
    List<QueryResult.Column> columns = result.columns();
    String rowSeparator = "\n";
    for (List<Object> row : result.rows()) {
      out.append(rowSeparator).append('{');
      for (int i = 0; i < columns.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        Values.string(columns.get(i).name(), out);
        out.append(':');
        Values.json(row.get(i), out);
      }
      out.append('}');
      rowSeparator = ",\n";
    }
    return out.append(result.rows().isEmpty() ? "]\n" : "\n]\n").toString();
  }
}
