package io.wirelake.lakehouse.evidence;

import io.wirelake.lakehouse.evidence.SegmentFrame.InterfaceKey;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes frames as one pcapng section, little-endian: a Section Header Block, one Interface
 * Description Block per (node, interface, link type) in sorted order ({@code if_name} = the
 * interface, {@code if_description} = the node, {@code if_tsresol} = 6, microseconds), then one
 * Enhanced Packet Block per frame in the given order with the captured bytes, the original length
 * and the comment {@code node=<node> flow=<flow_id>}. The same frames give the same bytes.
 */
final class PcapngWriter {

  static final int SHB = 0x0A0D0D0A;
  static final int IDB = 0x00000001;
  static final int EPB = 0x00000006;
  static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

  private static final int OPT_END = 0;
  private static final int OPT_COMMENT = 1;
  private static final int SHB_USERAPPL = 4;
  private static final int IF_NAME = 2;
  private static final int IF_DESCRIPTION = 3;
  private static final int IF_TSRESOL = 9;

  private PcapngWriter() {}

  /** Writes the section for {@code frames}, already in capture order; returns the packet count. */
  static long write(List<SegmentFrame> frames, OutputStream out) throws IOException {
    TreeSet<InterfaceKey> keys = new TreeSet<>(InterfaceKey.ORDER);
    frames.forEach(f -> keys.add(f.interfaceKey()));
    out.write(sectionHeader());
    Map<InterfaceKey, Integer> ids = new HashMap<>();
    for (InterfaceKey key : keys) {
      ids.put(key, ids.size());
      out.write(interfaceDescription(key));
    }
    for (SegmentFrame frame : frames) {
      out.write(enhancedPacket(ids.get(frame.interfaceKey()), frame));
    }
    return frames.size();
  }

  static byte[] sectionHeader() {
    List<byte[]> options = List.of(option(SHB_USERAPPL, utf8("wirelake evidence export")));
    ByteBuffer body = little(16);
    body.putInt(BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1L);
    return block(SHB, body.array(), options);
  }

  static byte[] interfaceDescription(InterfaceKey key) {
    List<byte[]> options = new ArrayList<>();
    if (key.iface() != null && !key.iface().isEmpty()) {
      options.add(option(IF_NAME, utf8(key.iface())));
    }
    options.add(option(IF_DESCRIPTION, utf8(key.node())));
    options.add(option(IF_TSRESOL, new byte[] {6}));
    ByteBuffer body = little(8);
    // snaplen 0: no limit
    body.putShort((short) key.linkType()).putShort((short) 0).putInt(0);
    return block(IDB, body.array(), options);
  }

  static byte[] enhancedPacket(int interfaceId, SegmentFrame frame) {
    byte[] data = frame.frame();
    ByteBuffer body = little(20 + padded(data.length));
    body.putInt(interfaceId)
        .putInt((int) (frame.tsMicros() >>> 32))
        .putInt((int) frame.tsMicros())
        .putInt(data.length)
        .putInt(frame.origLen())
        .put(data);
    String comment = "node=" + frame.node() + " flow=" + frame.flowId();
    return block(EPB, body.array(), List.of(option(OPT_COMMENT, utf8(comment))));
  }

  /** type, total length, body, options with opt_endofopt, total length again. */
  private static byte[] block(int type, byte[] body, List<byte[]> options) {
    int optionBytes = options.stream().mapToInt(o -> o.length).sum() + (options.isEmpty() ? 0 : 4);
    int total = 12 + body.length + optionBytes;
    ByteBuffer block = little(total);
    block.putInt(type).putInt(total).put(body);
    options.forEach(block::put);
    if (!options.isEmpty()) {
      block.putShort((short) OPT_END).putShort((short) 0);
    }
    block.putInt(total);
    return block.array();
  }

  private static byte[] option(int code, byte[] value) {
    if (value.length > 0xFFFF) {
      throw new IllegalArgumentException("pcapng option longer than 65535 bytes");
    }
    ByteBuffer option = little(4 + padded(value.length));
    option.putShort((short) code).putShort((short) value.length).put(value);
    return option.array();
  }

  private static int padded(int length) {
    return (length + 3) & ~3;
  }

  private static ByteBuffer little(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
