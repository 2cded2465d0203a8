package io.wirelake.lakehouse.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque paging cursor: the sort key (time in microseconds, id) of the last row of a page,
 * base64url-encoded so that clients treat it as a token.
 */
record PageCursor(long micros, String id) {

  private static final String VERSION = "w1";

  String encode() {
    String raw = VERSION + "|" + micros + "|" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static PageCursor decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
      String[] parts = raw.split("\\|", 3);
      if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[2].isEmpty()) {
        throw new IllegalArgumentException("bad cursor");
      }
      return new PageCursor(Long.parseLong(parts[1]), parts[2]);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(
          "cursor", "is not a cursor returned by a previous page (pass next_cursor unchanged, or omit it for the first page)");
    }
  }
}
