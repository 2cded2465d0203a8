package io.wirelake.lakehouse.sql;

import java.util.ArrayList;
import java.util.List;

/** {@link ResultFormat#TABLE}. */
final class TableFormatter {

  static final int MAX_CELL = 120;

  private TableFormatter() {}

  static String format(QueryResult result) {
    List<QueryResult.Column> columns = result.columns();
    int n = columns.size();
    int[] widths = new int[n];
    boolean[] right = new boolean[n];
    List<String[]> cells = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      widths[i] = columns.get(i).name().length();
    }
    for (List<Object> row : result.rows()) {
      String[] line = new String[n];
      for (int i = 0; i < n; i++) {
        Object value = row.get(i);
        line[i] = cell(value);
        widths[i] = Math.max(widths[i], line[i].length());
        right[i] |= Values.isNumber(value);
      }
      cells.add(line);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? " " : " | ");
      pad(out, columns.get(i).name(), widths[i], right[i], i == n - 1);
    }
    out.append('\n');
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "-" : "-+-").append("-".repeat(widths[i]));
    }
    out.append("-\n");
    for (String[] line : cells) {
      for (int i = 0; i < n; i++) {
        out.append(i == 0 ? " " : " | ");
        pad(out, line[i], widths[i], right[i], i == n - 1);
      }
      out.append('\n');
    }
    int count = result.rows().size();
    out.append('(').append(count).append(count == 1 ? " row" : " rows");
    if (result.truncated()) {
      out.append(", more rows not shown: row limit reached");
    }
    return out.append(")\n").toString();
  }

  private static String cell(Object value) {
    String text =
        Values.text(value).replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t");
    return text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 1) + "…" : text;
  }

  private static void pad(StringBuilder out, String text, int width, boolean right, boolean last) {
    int gap = width - text.length();
    if (right) {
      out.append(" ".repeat(gap)).append(text);
    } else {
      out.append(text);
      if (!last) {
        out.append(" ".repeat(gap));
      }
    }
  }
}
