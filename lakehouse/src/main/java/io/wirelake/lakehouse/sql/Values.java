package io.wirelake.lakehouse.sql;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.types.Row;

/**
 * How result values are written, the same in every format: timestamps as ISO-8601 with six
 * fractional digits ({@code 2026-11-24T14:00:00.123456Z}, UTC, {@code Z} only for instants),
 * binary as standard Base64 with padding, maps, arrays and rows as JSON.
 */
final class Values {

  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");

  private Values() {}

  /** The value as text for table and CSV cells; null becomes the empty string. */
  static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Instant instant) {
      return INSTANT.format(instant);
    }
    if (value instanceof OffsetDateTime time) {
      return INSTANT.format(time.toInstant());
    }
    if (value instanceof LocalDateTime time) {
      return LOCAL.format(time);
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (isStructured(value)) {
      StringBuilder json = new StringBuilder();
      json(value, json);
      return json.toString();
    }
    return value.toString();
  }

  /** Whether a value is numeric, so that tables align it right. */
  static boolean isNumber(Object value) {
    return value instanceof Number;
  }

  /** Appends the value as JSON. */
  static void json(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isFinite(d)) {
        out.append(value);
      } else {
        string(value.toString(), out);
      }
    } else if (value instanceof BigDecimal decimal) {
      out.append(decimal.toPlainString());
    } else if (value instanceof Number) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(separator);
        string(text(entry.getKey()), out);
        out.append(':');
        json(entry.getValue(), out);
        separator = ",";
      }
      out.append('}');
    } else if (value instanceof Collection<?> collection) {
      jsonArray(collection.iterator(), out);
    } else if (value instanceof Row row) {
      out.append('[');
      for (int i = 0; i < row.getArity(); i++) {
        if (i > 0) {
          out.append(',');
        }
        json(row.getField(i), out);
      }
      out.append(']');
    } else if (value.getClass().isArray() && !(value instanceof byte[])) {
      out.append('[');
      for (int i = 0; i < Array.getLength(value); i++) {
        if (i > 0) {
          out.append(',');
        }
        json(Array.get(value, i), out);
      }
      out.append(']');
    } else {
      string(text(value), out);
    }
  }

  /** Appends a JSON string literal. */
  static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean isStructured(Object value) {
    return value instanceof Map
        || value instanceof Collection
        || value instanceof Row
        || value.getClass().isArray();
  }

  private static void jsonArray(Iterator<?> values, StringBuilder out) {
    out.append('[');
    String separator = "";
    while (values.hasNext()) {
      out.append(separator);
      json(values.next(), out);
      separator = ",";
    }
    out.append(']');
  }
}
