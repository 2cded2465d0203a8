package io.wirelake.ingest.generate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** RESP2 encodings: commands as arrays of bulk strings, and the replies a Redis server sends. */
final class RespMessages {

  static final String OK = "+OK\r\n";
  static final String NIL = "$-1\r\n";

  private RespMessages() {}

  /** {@code *<n>\r\n} followed by each argument as {@code $<len>\r\n<arg>\r\n}. */
  static byte[] command(String... args) {
    StringBuilder s = new StringBuilder().append('*').append(args.length).append("\r\n");
    for (String arg : args) {
      s.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
          .append(arg).append("\r\n");
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String bulk(String value) {
    return "$" + value.getBytes(StandardCharsets.UTF_8).length + "\r\n" + value + "\r\n";
  }

  static String integer(long n) {
    return ":" + n + "\r\n";
  }

  static String error(String message) {
    return "-" + message + "\r\n";
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
