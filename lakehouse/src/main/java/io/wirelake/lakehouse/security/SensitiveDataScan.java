package io.wirelake.lakehouse.security;

import io.wirelake.lakehouse.query.Row;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Looks for sensitive values in one call's stored headers, bodies and path. Bodies are bytes,
 * possibly binary: they are read as ISO-8859-1 (one char per byte, so ASCII patterns match inside
 * any encoding) up to {@link #MAX_BODY_BYTES}.
 */
final class SensitiveDataScan {

  /** At most this many bytes of each body are scanned. */
  static final int MAX_BODY_BYTES = 256 * 1024;

  /** The columns it reads. */
  static final List<String> COLUMNS =
      List.of("id", "path", "request_headers", "response_headers", "request_body", "response_body");

  private final Set<SensitiveDataFinding> findings = new LinkedHashSet<>();

  void add(Row call) {
    String id = call.string("id");
    scan(id, "path", call.string("path"));
    headers(id, "request_header:", call.get("request_headers"));
    headers(id, "response_header:", call.get("response_headers"));
    scan(id, "request_body", body(call.get("request_body")));
    scan(id, "response_body", body(call.get("response_body")));
  }

  /** Every finding, by call id, then location. */
  List<SensitiveDataFinding> findings() {
    List<SensitiveDataFinding> list = new ArrayList<>(findings);
    list.sort(Comparator.comparing(SensitiveDataFinding::callId)
        .thenComparing(SensitiveDataFinding::location)
        .thenComparing(SensitiveDataFinding::kind));
    return list;
  }

  private void headers(String id, String prefix, Object headers) {
    if (headers instanceof Map<?, ?> map) {
      map.forEach((name, value) -> {
        String location = prefix + name;
        // a header's name can carry the secret too (rare, but seen with misused custom headers)
        scan(id, location, String.valueOf(name));
        scan(id, location, value == null ? null : value.toString());
      });
    }
  }

  private void scan(String id, String location, String text) {
    for (SensitivePatterns.Match match : SensitivePatterns.find(text)) {
      findings.add(new SensitiveDataFinding(id, match.kind(), location, match.redacted()));
    }
  }

  private static String body(Object value) {
    if (!(value instanceof ByteBuffer buffer) || !buffer.hasRemaining()) {
      return null;
    }
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[Math.min(view.remaining(), MAX_BODY_BYTES)];
    view.get(bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
