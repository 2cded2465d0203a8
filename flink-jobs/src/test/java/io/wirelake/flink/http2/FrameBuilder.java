package io.wirelake.flink.http2;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-built HTTP/2 frames and HPACK blocks (literals without indexing, no Huffman) for tests. */
final class FrameBuilder {
  private FrameBuilder() {}

  static byte[] frame(int type, int flags, int stream, byte[] payload) {
    byte[] f = new byte[9 + payload.length];
    f[0] = (byte) (payload.length >>> 16);
    f[1] = (byte) (payload.length >>> 8);
    f[2] = (byte) payload.length;
    f[3] = (byte) type;
    f[4] = (byte) flags;
    f[5] = (byte) (stream >>> 24);
    f[6] = (byte) (stream >>> 16);
    f[7] = (byte) (stream >>> 8);
    f[8] = (byte) stream;
    System.arraycopy(payload, 0, f, 9, payload.length);
    return f;
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** An HPACK block of "name", "value" pairs as literals without indexing and new names. */
  static byte[] block(String... nameValues) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (int i = 0; i < nameValues.length; i += 2) {
      o.write(0x00);
      string(o, nameValues[i]);
      string(o, nameValues[i + 1]);
    }
    return o.toByteArray();
  }

  private static void string(ByteArrayOutputStream o, String s) {
    byte[] b = ascii(s);
    integer(o, 0x00, 7, b.length);
    o.writeBytes(b);
  }

  static void integer(ByteArrayOutputStream o, int firstBits, int prefix, int v) {
    int max = (1 << prefix) - 1;
    if (v < max) {
      o.write(firstBits | v);
      return;
    }
    o.write(firstBits | max);
    v -= max;
    while (v >= 128) {
      o.write((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    o.write(v);
  }

  static byte[] preface() {
    return cat(Http2Frames.PREFACE, settings());
  }

  static byte[] settings() {
    return frame(Http2Frames.SETTINGS, 0, 0, new byte[] {0, 3, 0, 0, 0, 100}); // MAX_CONCURRENT_STREAMS 100
  }

  static byte[] headers(int stream, boolean endStream, String... nameValues) {
    return frame(Http2Frames.HEADERS, Http2Frames.FLAG_END_HEADERS | (endStream ? Http2Frames.FLAG_END_STREAM : 0),
        stream, block(nameValues));
  }

  static byte[] data(int stream, boolean endStream, byte[] payload) {
    return frame(Http2Frames.DATA, endStream ? Http2Frames.FLAG_END_STREAM : 0, stream, payload);
  }

  static byte[] rst(int stream, int code) {
    return frame(Http2Frames.RST_STREAM, 0, stream, u32(code));
  }

  static byte[] goaway(int lastStream, int code) {
    return frame(Http2Frames.GOAWAY, 0, 0, cat(u32(lastStream), u32(code)));
  }

  static byte[] u32(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  /** A gRPC length-prefixed message of {@code n} octets. */
  static byte[] grpcMessage(int n) {
    byte[] m = new byte[5 + n];
    byte[] len = u32(n);
    System.arraycopy(len, 0, m, 1, 4);
    for (int i = 0; i < n; i++) {
      m[5 + i] = (byte) ('a' + i % 26);
    }
    return m;
  }

  static byte[] slice(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, from, to);
  }
}
