package io.wirelake.lakehouse.sql;

/**
 * The SQL was refused before running: it is not a single read-only query, does not parse, or
 * names a table or column that does not exist. The message says which, for the person who wrote
 * the SQL.
 */
public class InvalidQueryException extends IllegalArgumentException {

  InvalidQueryException(String message) {
    super(message);
  }

  InvalidQueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
