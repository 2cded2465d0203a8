package io.wirelake.lakehouse.sql;

import java.util.Locale;

/**
 * The output formats of {@code wirelake sql}. In all of them timestamps are ISO-8601 UTC with
 * microseconds ({@code 2026-11-24T14:00:00.123456Z}), binary values are Base64 (RFC 4648, with
 * padding) and maps, arrays and rows are JSON.
 */
public enum ResultFormat {
  /**
   * Aligned columns like psql: header, rule, rows, then a row count. Nulls are empty, numbers
   * are right-aligned, line breaks and tabs in values are shown escaped, and cells longer than
   * {@value TableFormatter#MAX_CELL} characters are cut with an ellipsis.
   */
  TABLE {
    @Override
    public String format(QueryResult result) {
      return TableFormatter.format(result);
    }
  },
  /**
   * RFC 4180: a header row, CRLF line ends, fields quoted when they hold a comma, quote or line
   * break. Null is an empty field; an empty string is {@code ""}, so the two stay apart.
   */
  CSV {
    @Override
    public String format(QueryResult result) {
      return CsvFormatter.format(result);
    }
  },
  /**
   * One JSON array with one object per row (column name to value), one row per line, null as
   * {@code null}, numbers as numbers, timestamps and binary as strings.
   */
  JSON {
    @Override
    public String format(QueryResult result) {
      return JsonFormatter.format(result);
    }
  };

  /** The whole result in this format, ending with a line break. */
  public abstract String format(QueryResult result);

  /** {@code table}, {@code csv} or {@code json}, in any case. */
  public static ResultFormat parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "unknown format '" + name + "': use table, csv or json");
    }
  }
}
