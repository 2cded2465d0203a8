package io.wirelake.flink.dns;

import io.wirelake.flink.model.Packet;
import io.wirelake.schemas.FlowKeys;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-built DNS messages and UDP datagrams for tests (names written uncompressed unless a pointer is asked for). */
final class DnsWire {
  static final byte[] CLIENT_IP = {10, 0, 0, 1};
  static final byte[] SERVER_IP = {10, 0, 0, 53};
  static final int CLIENT_PORT = 41000;
  static final int SERVER_PORT = 53;
  static final int HEADER = 42; // fake Ethernet + IPv4 + UDP headers before the payload

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static DnsWire header(int id, int flags, int qd, int an, int ns, int ar) {
    DnsWire w = new DnsWire();
    return w.u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
  }

  /** A standard query with recursion desired. */
  static byte[] query(int id, String name, int type) {
    return header(id, DnsMessage.RD, 1, 0, 0, 0).name(name).u16(type).u16(1).bytes();
  }

  /** A response with {@code rcode} repeating the question (at offset 12) and answers written by the caller. */
  static DnsWire response(int id, String name, int type, int rcode, int answers) {
    return header(id, DnsMessage.QR | DnsMessage.RD | DnsMessage.RA | rcode, 1, answers, 0, 0).name(name).u16(type).u16(1);
  }

  DnsWire u8(int v) {
    out.write(v);
    return this;
  }

  DnsWire u16(int v) {
    out.write(v >> 8);
    out.write(v);
    return this;
  }

  DnsWire u32(long v) {
    return u16((int) (v >>> 16)).u16((int) v);
  }

  DnsWire raw(byte... b) {
    out.write(b, 0, b.length);
    return this;
  }

  /** An uncompressed name ("." or "" for the root). */
  DnsWire name(String name) {
    if (!name.isEmpty() && !name.equals(".")) {
      for (String label : name.split("\\.")) {
        byte[] l = label.getBytes(StandardCharsets.ISO_8859_1);
        u8(l.length).raw(l);
      }
    }
    return u8(0);
  }

  /** A compression pointer to {@code offset}. */
  DnsWire pointer(int offset) {
    return u16(0xc000 | offset);
  }

  /** A record whose owner is the question name (pointer to offset 12) and whose data is {@code rdata}. */
  DnsWire record(int type, byte[] rdata) {
    return pointer(12).u16(type).u16(1).u32(60).u16(rdata.length).raw(rdata);
  }

  int size() {
    return out.size();
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  /** The message with the 2-byte TCP length prefix. */
  static byte[] tcp(byte[] msg) {
    byte[] b = new byte[msg.length + 2];
    b[0] = (byte) (msg.length >> 8);
    b[1] = (byte) msg.length;
    System.arraycopy(msg, 0, b, 2, msg.length);
    return b;
  }

  static String flowKey() {
    return FlowKeys.canonical(Packet.UDP, CLIENT_IP, CLIENT_PORT, SERVER_IP, SERVER_PORT);
  }

  /** A UDP datagram between the test client and server carrying {@code payload} behind fake headers. */
  static Packet udp(boolean fromClient, long ts, byte[] payload) {
    return udp(fromClient, ts, payload, fromClient ? SERVER_IP : CLIENT_IP);
  }

  static Packet udp(boolean fromClient, long ts, byte[] payload, byte[] dst) {
    byte[] frame = new byte[HEADER + payload.length];
    java.util.Arrays.fill(frame, 0, HEADER, (byte) 0xEE);
    System.arraycopy(payload, 0, frame, HEADER, payload.length);
    byte[] src = fromClient ? CLIENT_IP : SERVER_IP;
    int sport = fromClient ? CLIENT_PORT : SERVER_PORT;
    int dport = fromClient ? SERVER_PORT : CLIENT_PORT;
    return new Packet(ts, "node-a", FlowKeys.canonical(Packet.UDP, src, sport, dst, dport), 4, src, sport, dst, dport,
        Packet.UDP, 0, 0, 0, 0, frame, HEADER, payload.length);
  }
}
