package io.wirelake.ingest.generate;

/**
 * Builds Ethernet + IPv4 + TCP or UDP frames with correct IPv4 header, TCP and UDP checksums. MAC
 * addresses follow the Kubernetes bridge convention 0a:58 followed by the IPv4 address.
 */
final class FrameBuilder {

  static final int FIN = 0x01;
  static final int SYN = 0x02;
  static final int RST = 0x04;
  static final int PSH = 0x08;
  static final int ACK = 0x10;

  private static final int ETH = 14;
  private static final int IP = 20;
  private static final int UDP = 8;

  /** TCP options a Linux SYN carries: MSS 1460, SACK permitted, timestamps, window scale 7. */
  private static final int SYN_OPTIONS = 20;
  /** NOP, NOP, timestamps. */
  private static final int TS_OPTIONS = 12;

  /**
   * Builds one frame.
   *
   * @param tsval TCP timestamp value (ignored for RST, which carries no options)
   * @param tsecr TCP timestamp echo reply
   */
  byte[] tcp(int srcIp, int srcPort, int dstIp, int dstPort, int ipId, long seq, long ack,
      int flags, int window, long tsval, long tsecr, byte[] payload, int off, int len) {
    int options = (flags & SYN) != 0 ? SYN_OPTIONS : (flags & RST) != 0 ? 0 : TS_OPTIONS;
    int tcpLen = 20 + options;
    byte[] f = new byte[ETH + IP + tcpLen + len];
    // Ethernet
    mac(f, 0, dstIp);
    mac(f, 6, srcIp);
    put16(f, 12, 0x0800);
    // IPv4
    int ip = ETH;
    f[ip] = 0x45;
    put16(f, ip + 2, IP + tcpLen + len);
    put16(f, ip + 4, ipId);
    put16(f, ip + 6, 0x4000);
    f[ip + 8] = 64;
    f[ip + 9] = 6;
    put32(f, ip + 12, srcIp);
    put32(f, ip + 16, dstIp);
    put16(f, ip + 10, ~sum(f, ip, IP, 0) & 0xffff);
    // TCP
    int t = ip + IP;
    put16(f, t, srcPort);
    put16(f, t + 2, dstPort);
    put32(f, t + 4, (int) seq);
    put32(f, t + 8, (int) ack);
    f[t + 12] = (byte) ((tcpLen / 4) << 4);
    f[t + 13] = (byte) flags;
    put16(f, t + 14, window);
    int o = t + 20;
    if (options == SYN_OPTIONS) {
      f[o] = 2;
      f[o + 1] = 4;
      put16(f, o + 2, 1460);
      f[o + 4] = 4;
      f[o + 5] = 2;
      timestamps(f, o + 6, tsval, tsecr);
      f[o + 16] = 1;
      f[o + 17] = 3;
      f[o + 18] = 3;
      f[o + 19] = 7;
    } else if (options == TS_OPTIONS) {
      f[o] = 1;
      f[o + 1] = 1;
      timestamps(f, o + 2, tsval, tsecr);
    }
    System.arraycopy(payload, off, f, t + tcpLen, len);
    // Pseudo-header: addresses, protocol, TCP length.
    int pseudo = sum(f, ip + 12, 8, 6 + tcpLen + len);
    put16(f, t + 16, ~sum(f, t, tcpLen + len, pseudo) & 0xffff);
    return f;
  }

  /** Builds one Ethernet/IPv4/UDP frame carrying {@code payload}, with the UDP checksum set. */
  byte[] udp(int srcIp, int srcPort, int dstIp, int dstPort, int ipId, byte[] payload) {
    int udpLen = UDP + payload.length;
    byte[] f = new byte[ETH + IP + udpLen];
    mac(f, 0, dstIp);
    mac(f, 6, srcIp);
    put16(f, 12, 0x0800);
    int ip = ETH;
    f[ip] = 0x45;
    put16(f, ip + 2, IP + udpLen);
    put16(f, ip + 4, ipId);
    put16(f, ip + 6, 0x4000);
    f[ip + 8] = 64;
    f[ip + 9] = 17;
    put32(f, ip + 12, srcIp);
    put32(f, ip + 16, dstIp);
    put16(f, ip + 10, ~sum(f, ip, IP, 0) & 0xffff);
    int u = ip + IP;
    put16(f, u, srcPort);
    put16(f, u + 2, dstPort);
    put16(f, u + 4, udpLen);
    System.arraycopy(payload, 0, f, u + UDP, payload.length);
    int pseudo = sum(f, ip + 12, 8, 17 + udpLen);
    int checksum = ~sum(f, u, udpLen, pseudo) & 0xffff;
    put16(f, u + 6, checksum == 0 ? 0xffff : checksum);
    return f;
  }

  private static void timestamps(byte[] f, int o, long tsval, long tsecr) {
    f[o] = 8;
    f[o + 1] = 10;
    put32(f, o + 2, (int) tsval);
    put32(f, o + 6, (int) tsecr);
  }

  private static void mac(byte[] f, int o, int ip) {
    f[o] = 0x0a;
    f[o + 1] = 0x58;
    put32(f, o + 2, ip);
  }

  /** One's complement sum of 16-bit words, folded; {@code initial} is added in. */
  static int sum(byte[] f, int from, int len, int initial) {
    long s = initial;
    int end = from + len;
    int i = from;
    for (; i + 1 < end; i += 2) {
      s += (f[i] & 0xff) << 8 | (f[i + 1] & 0xff);
    }
    if (i < end) {
      s += (f[i] & 0xff) << 8;
    }
    while ((s >>> 16) != 0) {
      s = (s & 0xffff) + (s >>> 16);
    }
    return (int) s;
  }

  private static void put16(byte[] f, int o, int v) {
    f[o] = (byte) (v >>> 8);
    f[o + 1] = (byte) v;
  }

  private static void put32(byte[] f, int o, int v) {
    f[o] = (byte) (v >>> 24);
    f[o + 1] = (byte) (v >>> 16);
    f[o + 2] = (byte) (v >>> 8);
    f[o + 3] = (byte) v;
  }
}
