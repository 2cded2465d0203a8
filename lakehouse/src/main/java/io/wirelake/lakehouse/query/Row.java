package io.wirelake.lakehouse.query;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row read from a wirelake table: column name to value, in schema order, only the columns
 * that were selected. Values are Java values: {@link Instant} for timestamps, {@code Long}, {@code
 * Integer}, {@code Boolean}, {@code String}, {@code Map<String, String>} for header maps and
 * read-only {@link ByteBuffer}s for bodies; null where the table has null.
 *
 * @param values the columns, unmodifiable
 */
public record Row(Map<String, Object> values) {

  public Row {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The value of a column, or null. */
  public Object get(String column) {
    return values.get(column);
  }

  public String string(String column) {
    Object value = values.get(column);
    return value == null ? null : value.toString();
  }

  public Long longValue(String column) {
    Object value = values.get(column);
    return value == null ? null : ((Number) value).longValue();
  }

  public Integer intValue(String column) {
    Object value = values.get(column);
    return value == null ? null : ((Number) value).intValue();
  }

  public Instant instant(String column) {
    return (Instant) values.get(column);
  }

  public boolean isTrue(String column) {
    return Boolean.TRUE.equals(values.get(column));
  }
}
