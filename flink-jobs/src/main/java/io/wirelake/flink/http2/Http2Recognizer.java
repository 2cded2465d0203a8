package io.wirelake.flink.http2;

import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.l7.L7Recognizer;
import io.wirelake.flink.tcp.DissectionConfig;

/**
 * HTTP/2 with prior knowledge (h2c) by content: a client that starts with the connection preface
 * {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}, or a server whose first bytes are a SETTINGS frame header (type 4,
 * no flags, stream 0, a length that is a multiple of 6): servers such as grpcio send their SETTINGS before
 * the client's preface arrives.
 */
public final class Http2Recognizer implements L7Recognizer {
  /** Longest server SETTINGS payload accepted as a first frame (a dozen settings at most in practice). */
  static final int MAX_SETTINGS_LENGTH = 6 * 32;

  @Override
  public String protocol() {
    return Http2Dissector.PROTOCOL;
  }

  @Override
  public int recognize(int direction, byte[] buf, int off, int len) {
    return direction == L7Dissector.C2S ? preface(buf, off, len) : serverSettings(buf, off, len);
  }

  static int preface(byte[] buf, int off, int len) {
    byte[] pre = Http2Frames.PREFACE;
    int n = Math.min(pre.length, len);
    for (int i = 0; i < n; i++) {
      if (buf[off + i] != pre[i]) {
        return NO_MATCH;
      }
    }
    return n == pre.length ? MATCH : NEED_MORE;
  }

  static int serverSettings(byte[] buf, int off, int len) {
    int n = Math.min(len, Http2Frames.HEADER_LENGTH);
    if (n >= 1 && (buf[off] & 0xff) != 0) {
      return NO_MATCH;
    }
    if (n >= 3) {
      int length = ((buf[off + 1] & 0xff) << 8) | (buf[off + 2] & 0xff);
      if (length % 6 != 0 || length > MAX_SETTINGS_LENGTH) {
        return NO_MATCH;
      }
    }
    if (n >= 4 && buf[off + 3] != Http2Frames.SETTINGS) {
      return NO_MATCH;
    }
    if (n >= 5 && buf[off + 4] != 0) {
      return NO_MATCH;
    }
    for (int i = 5; i < n; i++) {
      if (buf[off + i] != 0) {
        return NO_MATCH;
      }
    }
    return n == Http2Frames.HEADER_LENGTH ? MATCH : NEED_MORE;
  }

  @Override
  public L7Dissector create(DissectionConfig config) {
    return new Http2Dissector(config);
  }
}
