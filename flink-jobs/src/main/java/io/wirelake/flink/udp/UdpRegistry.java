package io.wirelake.flink.udp;

import io.wirelake.flink.dns.DnsDatagramRecognizer;

/**
 * The datagram recognizers tried on UDP flows, in order. A new datagram protocol plugs in by adding its
 * {@link DatagramRecognizer} here. Static and immutable, so nothing of it is checkpointed.
 */
final class UdpRegistry {
  private static final DatagramRecognizer[] RECOGNIZERS = {new DnsDatagramRecognizer()};

  private UdpRegistry() {}

  /**
   * Tries the recognizers on one datagram: {@code index * 4 + verdict} of the first that matches (see
   * {@link #recognizer} and {@link #verdict}), or -1.
   */
  static int find(byte[] buf, int off, int len) {
    for (int i = 0; i < RECOGNIZERS.length; i++) {
      int v = RECOGNIZERS[i].recognize(buf, off, len);
      if (v != DatagramRecognizer.NO_MATCH) {
        return i * 4 + v;
      }
    }
    return -1;
  }

  static DatagramRecognizer recognizer(int found) {
    return RECOGNIZERS[found / 4];
  }

  static int verdict(int found) {
    return found % 4;
  }
}
