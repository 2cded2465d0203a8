package io.wirelake.flink.http2;

/**
 * Counts gRPC length-prefixed messages (1 flag octet, 4 octets big-endian length, the message) in the DATA
 * of one direction of a stream, across DATA frame boundaries. A message counts once all its octets arrived.
 */
final class GrpcMessageCounter {
  private int prefixSeen;
  private long prefixLength;
  private long remaining;
  private int messages;

  int messages() {
    return messages;
  }

  void feed(byte[] b, int off, int len) {
    int p = off;
    int end = off + len;
    while (p < end) {
      if (remaining > 0) {
        int n = (int) Math.min(remaining, end - p);
        remaining -= n;
        p += n;
        if (remaining == 0) {
          messages++;
        }
        continue;
      }
      int c = b[p++] & 0xff;
      if (prefixSeen > 0) {
        prefixLength = (prefixLength << 8) | c;
      }
      if (++prefixSeen == 5) {
        prefixSeen = 0;
        if (prefixLength == 0) {
          messages++;
        } else {
          remaining = prefixLength;
        }
        prefixLength = 0;
      }
    }
  }

  /** {@code bytes} octets of this direction were never captured. */
  void skip(long bytes) {
    if (remaining >= bytes) {
      remaining -= bytes;
      if (remaining == 0 && bytes > 0) {
        messages++;
      }
    } else {
      // the hole crosses a message boundary: the framing of later messages is unknown
      remaining = Long.MAX_VALUE;
    }
  }
}
