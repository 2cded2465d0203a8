package io.wirelake.ingest.generate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * DNS messages over UDP (RFC 1035): an A query with recursion desired, and its answer with A
 * records pointing back at the question's name, or NXDOMAIN with the zone's SOA.
 */
final class DnsMessages {

  static final int TYPE_A = 1;
  static final int TYPE_SOA = 6;
  static final int CLASS_IN = 1;
  static final int RD = 0x0100;
  static final int QR = 0x8000;
  static final int AA = 0x0400;
  static final int RA = 0x0080;
  static final int NXDOMAIN = 3;
  /** Offset of the question's name in a message: right after the 12-byte header. */
  private static final int QUESTION_NAME = 0xc000 | 12;

  private DnsMessages() {}

  static byte[] query(int id, String name) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    header(b, id, RD, 1, 0, 0);
    question(b, name);
    return b.toByteArray();
  }

  /** A NOERROR answer with one A record per address; {@code authoritative} for cluster names. */
  static byte[] answer(int id, String name, int[] addresses, boolean authoritative, int ttl) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    header(b, id, QR | RD | RA | (authoritative ? AA : 0), 1, addresses.length, 0);
    question(b, name);
    for (int address : addresses) {
      int16(b, QUESTION_NAME);
      int16(b, TYPE_A);
      int16(b, CLASS_IN);
      int32(b, ttl);
      int16(b, 4);
      int32(b, address);
    }
    return b.toByteArray();
  }

  /** NXDOMAIN from the authority for {@code zone}, with its SOA in the authority section. */
  static byte[] nxdomain(int id, String name, String zone) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    header(b, id, QR | AA | RD | RA | NXDOMAIN, 1, 0, 1);
    question(b, name);
    ByteArrayOutputStream soa = new ByteArrayOutputStream();
    name(soa, "ns.dns." + zone);
    name(soa, "hostmaster." + zone);
    int32(soa, 1_767_225_600);
    int32(soa, 7_200);
    int32(soa, 1_800);
    int32(soa, 86_400);
    int32(soa, 30);
    name(b, zone);
    int16(b, TYPE_SOA);
    int16(b, CLASS_IN);
    int32(b, 30);
    int16(b, soa.size());
    b.writeBytes(soa.toByteArray());
    return b.toByteArray();
  }

  private static void header(ByteArrayOutputStream b, int id, int flags, int questions,
      int answers, int authorities) {
    int16(b, id);
    int16(b, flags);
    int16(b, questions);
    int16(b, answers);
    int16(b, authorities);
    int16(b, 0);
  }

  private static void question(ByteArrayOutputStream b, String name) {
    name(b, name);
    int16(b, TYPE_A);
    int16(b, CLASS_IN);
  }

  private static void name(ByteArrayOutputStream b, String name) {
    for (String label : name.split("\\.")) {
      byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
      b.write(bytes.length);
      b.writeBytes(bytes);
    }
    b.write(0);
  }

  private static void int16(ByteArrayOutputStream b, int v) {
    b.write(v >>> 8);
    b.write(v);
  }

  private static void int32(ByteArrayOutputStream b, int v) {
    b.write(v >>> 24);
    b.write(v >>> 16);
    b.write(v >>> 8);
    b.write(v);
  }
}
