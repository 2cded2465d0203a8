package io.wirelake.lakehouse.sql;

import java.util.List;

/** {@link ResultFormat#CSV}. */
final class CsvFormatter {

  private static final String CRLF = "\r\n";

  private CsvFormatter() {}

  static String format(QueryResult result) {
    StringBuilder out = new StringBuilder();
    List<QueryResult.Column> columns = result.columns();
    for (int i = 0; i < columns.size(); i++) {
      out.append(i == 0 ? "" : ",").append(field(columns.get(i).name()));
    }
    out.append(CRLF);
    for (List<Object> row : result.rows()) {
      for (int i = 0; i < row.size(); i++) {
        Object value = row.get(i);
        out.append(i == 0 ? "" : ",");
        if (value != null) {
          out.append(field(Values.text(value)));
        }
      }
      out.append(CRLF);
    }
    return out.toString();
  }

  private static String field(String text) {
    boolean quote =
        text.isEmpty()
            || text.indexOf(',') >= 0
            || text.indexOf('"') >= 0
            || text.indexOf('\n') >= 0
            || text.indexOf('\r') >= 0;
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
