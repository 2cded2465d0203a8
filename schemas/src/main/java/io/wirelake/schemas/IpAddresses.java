package io.wirelake.schemas;

/** Text forms of raw IP addresses: dotted quad for IPv4, RFC 5952 (lowercase, longest zero run compressed) for IPv6. */
public final class IpAddresses {
  private IpAddresses() {}

  public static String format(byte[] ip) {
    return append(new StringBuilder(ip.length == 4 ? 15 : 39), ip).toString();
  }

  static StringBuilder append(StringBuilder sb, byte[] ip) {
    if (ip.length == 4) {
      return sb.append(ip[0] & 0xff).append('.').append(ip[1] & 0xff).append('.')
          .append(ip[2] & 0xff).append('.').append(ip[3] & 0xff);
    }
    if (ip.length != 16) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + ip.length);
    }
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = ((ip[2 * i] & 0xff) << 8) | (ip[2 * i + 1] & 0xff);
    }
    // RFC 5952 4.2: compress the longest run of two or more zero words, the first one on a tie.
    int bestStart = -1, bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (words[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && words[j] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (i > 0 && i != bestStart + bestLen) {
        sb.append(':');
      }
      sb.append(Integer.toHexString(words[i]));
    }
    return sb;
  }
}
