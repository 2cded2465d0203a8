package io.wirelake.ingest.decode;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Builds link, IP and transport headers byte by byte for decoder tests. */
final class TestPackets {

  static final byte[] IP4_A = {10, (byte) 244, 1, 2};
  static final byte[] IP4_B = {10, (byte) 244, 2, 3};
  static final byte[] IP6_A = HexFormat.of().parseHex("fd000000000000000000000000000001");
  static final byte[] IP6_B = HexFormat.of().parseHex("fd0000000000000000000000000000ff");

  private TestPackets() {}

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  static byte[] ethernet(int etherType) {
    return concat(hex("001122334455 66778899aabb"), u16(etherType));
  }

  static byte[] u16(int v) {
    return new byte[] {(byte) (v >>> 8), (byte) v};
  }

  static byte[] u32(long v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  /** IPv4 header without options; totalLength as given (not computed). */
  static byte[] ipv4(int protocol, int totalLength, int flagsAndOffset) {
    return concat(
        hex("4500"), u16(totalLength), hex("1c46"), u16(flagsAndOffset),
        new byte[] {64, (byte) protocol}, hex("0000"), IP4_A, IP4_B);
  }

  static byte[] ipv6(int nextHeader, int payloadLength) {
    return concat(hex("60000000"), u16(payloadLength), new byte[] {(byte) nextHeader, 64},
        IP6_A, IP6_B);
  }

  /** TCP header of 20 bytes plus the given options (a multiple of 4 bytes). */
  static byte[] tcp(int src, int dst, long seq, long ack, int flags, int window, byte[] options) {
    int offsetWords = (20 + options.length) / 4;
    return concat(u16(src), u16(dst), u32(seq), u32(ack),
        new byte[] {(byte) (offsetWords << 4), (byte) flags}, u16(window), hex("0000 0000"),
        options);
  }

  static byte[] udp(int src, int dst, int length) {
    return concat(u16(src), u16(dst), u16(length), hex("0000"));
  }

  static byte[] bytes(int n, int value) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }
}
