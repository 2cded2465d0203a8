package io.wirelake.lakehouse.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Walks the blocks of a pcapng file to count its packets, checking the framing as it goes. */
final class PcapngBlocks {

  private static final int SIMPLE_PACKET = 3;

  private PcapngBlocks() {}

  /**
   * The number of packet blocks (enhanced and simple).
   *
   * @throws IOException if the file cannot be read or its block framing is broken
   */
  static long countPackets(Path file) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
    long packets = 0;
    while (buf.hasRemaining()) {
      if (buf.remaining() < 12) {
        throw new IOException("truncated block at offset " + buf.position());
      }
      int start = buf.position();
      int type = buf.order(ByteOrder.LITTLE_ENDIAN).getInt(start);
      if (type == PcapngWriter.SHB) {
        int magic = buf.order(ByteOrder.LITTLE_ENDIAN).getInt(start + 8);
        buf.order(magic == PcapngWriter.BYTE_ORDER_MAGIC ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        if (buf.getInt(start + 8) != PcapngWriter.BYTE_ORDER_MAGIC) {
          throw new IOException("bad byte-order magic at offset " + start);
        }
      } else if (start == 0) {
        throw new IOException("does not start with a section header block");
      }
      type = buf.getInt(start);
      int length = buf.getInt(start + 4);
      if (length < 12 || length % 4 != 0 || length > buf.remaining()) {
        throw new IOException("bad block length " + length + " at offset " + start);
      }
      if (buf.getInt(start + length - 4) != length) {
        throw new IOException("block lengths disagree at offset " + start);
      }
      if (type == PcapngWriter.EPB || type == SIMPLE_PACKET) {
        packets++;
      }
      buf.position(start + length);
    }
    return packets;
  }
}
