package io.wirelake.ingest.generate;

/** IPv4 header, TCP and UDP checksums of an Ethernet/IPv4 frame, checked per RFC 1071. */
final class Checksums {

  private Checksums() {}

  static boolean ipv4HeaderOk(byte[] f) {
    return onesComplementSum(f, 14, 34, 0) == 0xffff;
  }

  static boolean tcpOk(byte[] f) {
    int totalLength = (f[16] & 0xff) << 8 | (f[17] & 0xff);
    int tcpLength = totalLength - 20;
    long pseudo = onesComplementSum(f, 26, 34, 0) + 6 + tcpLength;
    return onesComplementSum(f, 34, 34 + tcpLength, pseudo) == 0xffff;
  }

  /** A zero UDP checksum means "none" and is accepted, as IPv4 allows. */
  static boolean udpOk(byte[] f) {
    int udpLength = (f[38] & 0xff) << 8 | (f[39] & 0xff);
    if (f[40] == 0 && f[41] == 0) {
      return true;
    }
    long pseudo = onesComplementSum(f, 26, 34, 0) + 17 + udpLength;
    return onesComplementSum(f, 34, 34 + udpLength, pseudo) == 0xffff;
  }

  private static int onesComplementSum(byte[] b, int from, int to, long initial) {
    long sum = initial;
    for (int i = from; i < to; i += 2) {
      int hi = b[i] & 0xff;
      int lo = i + 1 < to ? b[i + 1] & 0xff : 0;
      sum += (hi << 8) + lo;
    }
    while (sum > 0xffff) {
      sum = (sum >> 16) + (sum & 0xffff);
    }
    return (int) sum;
  }
}
