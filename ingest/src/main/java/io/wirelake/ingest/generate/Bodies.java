package io.wirelake.ingest.generate;

import java.nio.charset.StandardCharsets;

/** Makes plausible message bodies of a given size: JSON documents or binary image data. */
final class Bodies {

  private static final String[] WORDS = {
      "alpha", "blue", "cotton", "deluxe", "eco", "fresh", "green", "home", "indigo", "jazz",
      "kids", "linen", "mini", "nova", "outdoor", "prime", "quartz", "retro", "summer", "travel"};

  private Bodies() {}

  /** A JSON object of exactly the requested size (at least 16 bytes), ASCII only. */
  static byte[] json(Rng rng, int requestedSize) {
    int size = Math.max(requestedSize, 16);
    StringBuilder sb = new StringBuilder(size + 128);
    sb.append("{\"items\":[");
    boolean first = true;
    while (sb.length() < size - 2) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append("{\"id\":").append(rng.between(1, 999_999))
          .append(",\"name\":\"").append(rng.pick(WORDS)).append(' ').append(rng.pick(WORDS))
          .append("\",\"price\":").append(rng.between(1, 99_999) / 100.0)
          .append(",\"stock\":").append(rng.nextInt(500))
          .append(",\"tags\":[\"").append(rng.pick(WORDS)).append("\"]}");
    }
    sb.append("]}");
    return fit(sb, size);
  }

  /** A small JSON error document. */
  static byte[] error(int status, String requestId) {
    return ("{\"error\":{\"code\":" + status + ",\"message\":\"" + HttpMessages.reason(status)
        + "\",\"request_id\":\"" + requestId + "\"}}").getBytes(StandardCharsets.US_ASCII);
  }

  /** Random binary bytes. */
  static byte[] binary(Rng rng, int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < b.length; i += 8) {
      long v = rng.nextLong();
      for (int j = 0; j < 8 && i + j < b.length; j++) {
        b[i + j] = (byte) (v >>> (8 * j));
      }
    }
    return b;
  }

  /** Pads (inside the JSON, with spaces before the final brace) or cuts to {@code size}. */
  private static byte[] fit(StringBuilder sb, int size) {
    if (sb.length() > size) {
      // Replace trailing array elements until it fits, then pad.
      int cut = sb.lastIndexOf(",{", size - 3);
      sb.setLength(Math.max(cut, "{\"items\":[".length()));
      sb.append("]}");
    }
    while (sb.length() < size) {
      sb.insert(sb.length() - 1, ' ');
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
