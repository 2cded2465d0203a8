package io.wirelake.lakehouse.sql;

import java.util.List;
import java.util.Locale;
import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.delegation.Parser;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;

/**
 * Lets through exactly one query. The decision is Flink's own parser's: the SQL must parse into
 * a single {@link QueryOperation}; everything else (INSERT, CREATE, DROP, ALTER, SET, USE, SHOW,
 * EXPLAIN, several statements) is refused before anything runs.
 */
final class StatementGuard {

  private final Parser parser;

  StatementGuard(Parser parser) {
    this.parser = parser;
  }

  /** The validated query, ready to execute. */
  QueryOperation requireQuery(String sql) {
    if (sql == null || sql.isBlank()) {
      throw new InvalidQueryException("wirelake sql needs a query, e.g. SELECT * FROM l4_flows");
    }
    List<Operation> operations;
    try {
      operations = parser.parse(sql);
    } catch (SqlParserException | ValidationException e) {
      throw new InvalidQueryException(describe(e), e);
    } catch (IllegalArgumentException e) {
      // Flink's parser: "only single statement supported"
      throw new InvalidQueryException(
          "wirelake sql runs one query at a time (" + describe(e) + ")", e);
    }
    if (operations.size() != 1) {
      throw new InvalidQueryException(
          "wirelake sql runs one query at a time; got " + operations.size() + " statements");
    }
    Operation operation = operations.get(0);
    if (!(operation instanceof QueryOperation query)) {
      throw new InvalidQueryException(
          "wirelake sql runs read-only queries; " + firstKeyword(sql) + " is not allowed");
    }
    return query;
  }

  /**
   * Flink's message without the exception chain and the parser's list of expected tokens, which
   * is what an analyst needs to fix the SQL.
   */
  static String describe(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int expecting = message.indexOf("\nWas expecting");
    if (expecting >= 0) {
      message = message.substring(0, expecting);
    }
    message = message.strip();
    if (message.contains("Encountered \"") && expecting >= 0) {
      message += " (a reserved word used as a name? quote it with backticks, e.g. `bytes`)";
    }
    return message;
  }

  /**
   * The statement's first word, for the refusal message only (the parser made the decision):
   * comments and whitespace skipped, upper case.
   */
  static String firstKeyword(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == '(' || c == ';') {
        i++;
      } else if (sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    int start = i;
    while (i < n && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    return i == start ? "this statement" : sql.substring(start, i).toUpperCase(Locale.ROOT);
  }
}
