package io.wirelake.lakehouse.sql;

import java.util.Locale;
import java.util.Set;

/**
 * Lets analysts write wirelake's column names bare even where Flink SQL reserves the word ({@code method}
 * in {@code l7_transactions}): such identifiers are back-quoted before parsing. It works on SQL tokens,
 * leaving string literals, quoted identifiers and comments untouched; it changes no value and adds no
 * clause, so the statement means what the user wrote.
 */
final class ReservedColumnNames {
  /** Column names of the wirelake tables that Flink's parser reserves; a test keeps this complete. */
  static final Set<String> RESERVED = Set.of("method");

  private ReservedColumnNames() {}

  static String quote(String sql) {
    StringBuilder out = null;
    int n = sql.length();
    int i = 0;
    int copied = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '`' || c == '"') {
        i = skipQuoted(sql, i, c);
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
          i++;
        }
        if (RESERVED.contains(sql.substring(start, i).toLowerCase(Locale.ROOT))) {
          if (out == null) {
            out = new StringBuilder(n + 8);
          }
          out.append(sql, copied, start).append('`').append(sql, start, i).append('`');
          copied = i;
        }
      } else {
        i++;
      }
    }
    return out == null ? sql : out.append(sql, copied, n).toString();
  }

  /** Index after the literal or quoted identifier opened at {@code start}; a doubled quote escapes itself. */
  private static int skipQuoted(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }
}
