package io.wirelake.flink.http;

import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.l7.L7Recognizer;
import io.wirelake.flink.tcp.DissectionConfig;

/**
 * HTTP/1.x by content: a client that starts with a request method and a space (not the HTTP/2 preface
 * {@code PRI * HTTP/2.0}), or a server that starts with {@code HTTP/1.}.
 */
public final class HttpRecognizer implements L7Recognizer {
  static final byte[][] METHODS = {
      bytes("GET "), bytes("POST "), bytes("PUT "), bytes("DELETE "), bytes("HEAD "), bytes("OPTIONS "),
      bytes("PATCH "), bytes("TRACE "), bytes("CONNECT "), bytes("PROPFIND "), bytes("PROPPATCH "),
      bytes("MKCOL "), bytes("COPY "), bytes("MOVE "), bytes("LOCK "), bytes("UNLOCK "), bytes("SEARCH "),
      bytes("REPORT "), bytes("PURGE ")};
  static final byte[] STATUS_PREFIX = bytes("HTTP/1.");

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  @Override
  public String protocol() {
    return HttpDissector.PROTOCOL;
  }

  @Override
  public int recognize(int direction, byte[] buf, int off, int len) {
    if (direction == L7Dissector.C2S) {
      return methodAt(buf, off, len);
    }
    return prefixMatch(STATUS_PREFIX, buf, off, len);
  }

  /** MATCH if a known method and a space start the bytes (and a request line follows), NEED_MORE if too short. */
  static int methodAt(byte[] buf, int off, int len) {
    boolean needMore = false;
    for (byte[] m : METHODS) {
      int v = prefixMatch(m, buf, off, len);
      if (v == MATCH) {
        return MATCH;
      }
      if (v == NEED_MORE) {
        needMore = true;
      }
    }
    return needMore ? NEED_MORE : NO_MATCH;
  }

  static int prefixMatch(byte[] prefix, byte[] buf, int off, int len) {
    int n = Math.min(prefix.length, len);
    for (int i = 0; i < n; i++) {
      if (buf[off + i] != prefix[i]) {
        return NO_MATCH;
      }
    }
    return n == prefix.length ? MATCH : NEED_MORE;
  }

  @Override
  public L7Dissector create(DissectionConfig config) {
    return new HttpDissector(config);
  }
}
