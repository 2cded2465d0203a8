package io.wirelake.mcp;

import io.wirelake.lakehouse.query.Row;
import io.wirelake.lakehouse.query.TimeWindow;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns query values into JSON-ready values: ISO-8601 UTC times, bodies as text or base64. */
final class JsonValues {

  private JsonValues() {}

  /** A row as a JSON object, null columns left out to keep answers short. */
  static Map<String, Object> row(Row row) {
    Map<String, Object> json = new LinkedHashMap<>();
    row.values().forEach((column, value) -> {
      if (value != null) {
        json.put(column, value(value));
      }
    });
    return json;
  }

  static Object value(Object value) {
    if (value instanceof Instant instant) {
      return instant.toString();
    }
    if (value instanceof ByteBuffer buffer) {
      return body(buffer, Integer.MAX_VALUE);
    }
    if (value instanceof Double d) {
      return round(d);
    }
    return value;
  }

  static Map<String, Object> window(TimeWindow window) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("from", window.openStart() ? null : window.from().toString());
    json.put("to", window.openEnd() ? null : window.to().toString());
    return json;
  }

  /** The window in words for summaries: "between A and B", "since A", "until B" or "in all data". */
  static String describe(TimeWindow window) {
    if (window.openStart() && window.openEnd()) {
      return "in all data";
    }
    if (window.openEnd()) {
      return "since " + window.from();
    }
    if (window.openStart()) {
      return "until " + window.to();
    }
    return "between " + window.from() + " and " + window.to();
  }

  /**
   * A body: {@code {"encoding":"text","text":...}} when it is valid UTF-8, else {@code
   * {"encoding":"base64","base64":...}}, with its size and whether it was cut at {@code maxBytes}.
   */
  static Map<String, Object> body(ByteBuffer buffer, int maxBytes) {
    ByteBuffer bytes = buffer.duplicate();
    int size = bytes.remaining();
    boolean cut = size > maxBytes;
    if (cut) {
      bytes.limit(bytes.position() + maxBytes);
    }
    byte[] raw = new byte[bytes.remaining()];
    bytes.get(raw);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bytes", size);
    String text = utf8(raw, cut);
    if (text != null) {
      json.put("encoding", "text");
      json.put("text", text);
    } else {
      json.put("encoding", "base64");
      json.put("base64", Base64.getEncoder().encodeToString(raw));
    }
    json.put("truncated", cut);
    return json;
  }

  /** The UTF-8 text of {@code raw}, or null if it is not UTF-8 (a cut at the end is forgiven). */
  private static String utf8(byte[] raw, boolean cut) {
    for (int drop = 0; drop <= (cut ? 3 : 0) && drop <= raw.length; drop++) {
      try {
        CharBuffer chars =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(raw, 0, raw.length - drop));
        String text = chars.toString();
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
          return null;
        }
        return text;
      } catch (CharacterCodingException e) {
        // try without a cut multi-byte character at the end
      }
    }
    return null;
  }

  static double round(double value) {
    return Math.round(value * 10_000d) / 10_000d;
  }
}
