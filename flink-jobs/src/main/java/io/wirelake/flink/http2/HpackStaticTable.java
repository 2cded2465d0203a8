package io.wirelake.flink.http2;

/** The HPACK static table (RFC 7541 appendix A), indices 1..61. */
final class HpackStaticTable {
  static final int SIZE = 61;

  private static final String[][] ENTRIES = {
      {":authority", ""}, {":method", "GET"}, {":method", "POST"}, {":path", "/"}, {":path", "/index.html"},
      {":scheme", "http"}, {":scheme", "https"}, {":status", "200"}, {":status", "204"}, {":status", "206"},
      {":status", "304"}, {":status", "400"}, {":status", "404"}, {":status", "500"}, {"accept-charset", ""},
      {"accept-encoding", "gzip, deflate"}, {"accept-language", ""}, {"accept-ranges", ""}, {"accept", ""},
      {"access-control-allow-origin", ""}, {"age", ""}, {"allow", ""}, {"authorization", ""},
      {"cache-control", ""}, {"content-disposition", ""}, {"content-encoding", ""}, {"content-language", ""},
      {"content-length", ""}, {"content-location", ""}, {"content-range", ""}, {"content-type", ""},
      {"cookie", ""}, {"date", ""}, {"etag", ""}, {"expect", ""}, {"expires", ""}, {"from", ""}, {"host", ""},
      {"if-match", ""}, {"if-modified-since", ""}, {"if-none-match", ""}, {"if-range", ""},
      {"if-unmodified-since", ""}, {"last-modified", ""}, {"link", ""}, {"location", ""}, {"max-forwards", ""},
      {"proxy-authenticate", ""}, {"proxy-authorization", ""}, {"range", ""}, {"referer", ""}, {"refresh", ""},
      {"retry-after", ""}, {"server", ""}, {"set-cookie", ""}, {"strict-transport-security", ""},
      {"transfer-encoding", ""}, {"user-agent", ""}, {"vary", ""}, {"via", ""}, {"www-authenticate", ""}};

  private HpackStaticTable() {}

  /** Name of entry {@code index} (1-based). */
  static String name(int index) {
    return ENTRIES[index - 1][0];
  }

  static String value(int index) {
    return ENTRIES[index - 1][1];
  }
}
