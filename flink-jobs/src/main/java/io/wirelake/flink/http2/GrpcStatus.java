package io.wirelake.flink.http2;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** gRPC status code names and the percent-decoding of {@code grpc-message} (gRPC over HTTP/2 protocol spec). */
final class GrpcStatus {
  static final int OK = 0;

  private static final String[] NAMES = {
      "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
      "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

  private GrpcStatus() {}

  static String name(int code) {
    return code >= 0 && code < NAMES.length ? NAMES[code] : "CODE_" + code;
  }

  /** The numeric value of a {@code grpc-status} header, or null if it is not a non-negative integer. */
  static Integer parse(String v) {
    if (v == null) {
      return null;
    }
    String s = v.trim();
    if (s.isEmpty() || s.length() > 9) {
      return null;
    }
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** {@code grpc-message} is percent-encoded UTF-8; malformed escapes are kept as they are. */
  static String decodeMessage(String v) {
    if (v == null || v.indexOf('%') < 0) {
      return v;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '%' && i + 2 < v.length() && hex(v.charAt(i + 1)) >= 0 && hex(v.charAt(i + 2)) >= 0) {
        out.write(hex(v.charAt(i + 1)) * 16 + hex(v.charAt(i + 2)));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
