package io.wirelake.ingest.generate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Renders HTTP/1.1 requests and responses (Content-Length or chunked bodies) to bytes. */
final class HttpMessages {

  private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME
      .withZone(ZoneOffset.UTC);

  private HttpMessages() {}

  static String reason(int status) {
    switch (status) {
      case 200: return "OK";
      case 201: return "Created";
      case 204: return "No Content";
      case 304: return "Not Modified";
      case 400: return "Bad Request";
      case 404: return "Not Found";
      case 500: return "Internal Server Error";
      case 503: return "Service Unavailable";
      default: return "Unknown";
    }
  }

  /**
   * A request. {@code bearer} and {@code ifNoneMatch} are optional (null), as is {@code body}.
   */
  static byte[] request(String method, String target, String host, String userAgent,
      String requestId, String bearer, String ifNoneMatch, byte[] body) {
    StringBuilder h = new StringBuilder(256);
    h.append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append("\r\n")
        .append("User-Agent: ").append(userAgent).append("\r\n")
        .append("Accept: application/json, */*\r\n")
        .append("X-Request-Id: ").append(requestId).append("\r\n");
    if (bearer != null) {
      h.append("Authorization: Bearer ").append(bearer).append("\r\n");
    }
    if (ifNoneMatch != null) {
      h.append("If-None-Match: ").append(ifNoneMatch).append("\r\n");
    }
    if (body != null) {
      h.append("Content-Type: application/json\r\n")
          .append("Content-Length: ").append(body.length).append("\r\n");
    }
    h.append("\r\n");
    return join(h, body);
  }

  /**
   * A response. {@code body} may be null (204, 304). With {@code chunkSize > 0} the body is sent
   * with chunked transfer encoding in chunks of that size.
   */
  static byte[] response(int status, long tsMicros, String server, String requestId,
      String contentType, byte[] body, int chunkSize, String etag, boolean close) {
    StringBuilder h = new StringBuilder(256);
    h.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
        .append("Date: ").append(DATE.format(Instant.ofEpochSecond(tsMicros / 1_000_000L)))
        .append("\r\n");
    if (!server.isEmpty()) {
      h.append("Server: ").append(server).append("\r\n");
    }
    if (body != null) {
      h.append("Content-Type: ").append(contentType).append("\r\n");
      if (chunkSize > 0) {
        h.append("Transfer-Encoding: chunked\r\n");
      } else {
        h.append("Content-Length: ").append(body.length).append("\r\n");
      }
    } else if (status != 204 && status != 304) {
      h.append("Content-Length: 0\r\n");
    }
    if (etag != null) {
      h.append("ETag: ").append(etag).append("\r\n");
    }
    h.append("X-Request-Id: ").append(requestId).append("\r\n");
    h.append("Connection: ").append(close ? "close" : "keep-alive").append("\r\n\r\n");
    if (body == null || chunkSize <= 0) {
      return join(h, body);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(h.length() + body.length + 64);
    out.writeBytes(h.toString().getBytes(StandardCharsets.US_ASCII));
    for (int off = 0; off < body.length; off += chunkSize) {
      int n = Math.min(chunkSize, body.length - off);
      out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, off, n);
      out.writeBytes(new byte[] {'\r', '\n'});
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static byte[] join(StringBuilder head, byte[] body) {
    byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
    if (body == null) {
      return h;
    }
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }
}
