package io.wirelake.ingest.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes pcap and pcapng bytes field by field, in a chosen byte order, for reader tests. */
final class CaptureFiles {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteOrder order;

  CaptureFiles(ByteOrder order) {
    this.order = order;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  CaptureFiles order(ByteOrder newOrder) {
    this.order = newOrder;
    return this;
  }

  CaptureFiles raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  CaptureFiles u16(int v) {
    out.writeBytes(ByteBuffer.allocate(2).order(order).putShort((short) v).array());
    return this;
  }

  CaptureFiles u32(long v) {
    out.writeBytes(ByteBuffer.allocate(4).order(order).putInt((int) v).array());
    return this;
  }

  CaptureFiles u64(long v) {
    out.writeBytes(ByteBuffer.allocate(8).order(order).putLong(v).array());
    return this;
  }

  // ---- classic pcap

  CaptureFiles pcapHeader(int magic, int linkType) {
    return u32(magic).u16(2).u16(4).u32(0).u32(0).u32(262144).u32(linkType);
  }

  CaptureFiles pcapRecord(long seconds, long fraction, byte[] data, int origLen) {
    return u32(seconds).u32(fraction).u32(data.length).u32(origLen).raw(data);
  }

  // ---- pcapng

  /** A block: type, total length, body padded to 4 bytes, total length. */
  CaptureFiles block(int type, byte[] body) {
    int padded = (body.length + 3) & ~3;
    int total = 12 + padded;
    u32(type).u32(total).raw(body).raw(new byte[padded - body.length]).u32(total);
    return this;
  }

  CaptureFiles shb() {
    return block(0x0a0d0d0a, body().u32(0x1a2b3c4d).u16(1).u16(0).u64(-1).toByteArray());
  }

  /** Interface Description Block; tsresol < 0 means no if_tsresol option. */
  CaptureFiles idb(int linkType, int snapLen, String name, int tsresol, long tsoffset) {
    CaptureFiles b = body().u16(linkType).u16(0).u32(snapLen);
    if (name != null) {
      b.option(2, name.getBytes(StandardCharsets.UTF_8));
    }
    if (tsresol >= 0) {
      b.option(9, new byte[] {(byte) tsresol});
    }
    if (tsoffset != 0) {
      b.option(14, ByteBuffer.allocate(8).order(order).putLong(tsoffset).array());
    }
    b.u16(0).u16(0);
    return block(1, b.toByteArray());
  }

  CaptureFiles epb(int interfaceId, long rawTs, byte[] data, int origLen) {
    return block(6, body().u32(interfaceId).u32(rawTs >>> 32).u32(rawTs).u32(data.length)
        .u32(origLen).raw(data).toByteArray());
  }

  CaptureFiles spb(int origLen, byte[] data) {
    return block(3, body().u32(origLen).raw(data).toByteArray());
  }

  CaptureFiles obsoletePacketBlock(int interfaceId, long rawTs, byte[] data, int origLen) {
    return block(2, body().u16(interfaceId).u16(0).u32(rawTs >>> 32).u32(rawTs).u32(data.length)
        .u32(origLen).raw(data).toByteArray());
  }

  private CaptureFiles option(int code, byte[] value) {
    u16(code).u16(value.length).raw(value);
    return raw(new byte[((value.length + 3) & ~3) - value.length]);
  }

  private CaptureFiles body() {
    return new CaptureFiles(order);
  }
}
