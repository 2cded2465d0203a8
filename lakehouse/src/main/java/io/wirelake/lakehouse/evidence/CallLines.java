package io.wirelake.lakehouse.evidence;

import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * One {@code l7_transactions} row as a line of {@code calls.jsonl}: every column, keys sorted,
 * times as ISO-8601 UTC, header maps as objects with sorted keys, bodies base64, nulls kept.
 */
final class CallLines {

  private CallLines() {}

  static Map<String, Object> toJson(Record record) {
    Map<String, Object> line = new TreeMap<>();
    for (Types.NestedField field : record.struct().fields()) {
      line.put(field.name(), value(record.getField(field.name())));
    }
    return line;
  }

  private static Object value(Object value) {
    if (value instanceof OffsetDateTime odt) {
      return odt.toInstant().toString();
    }
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, String> copy = new TreeMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), v == null ? null : v.toString()));
      return copy;
    }
    if (value instanceof CharSequence text) {
      return text.toString();
    }
    return value;
  }
}
