package io.wirelake.ingest.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads classic libpcap files: microsecond (a1b2c3d4) or nanosecond (a1b23c4d) timestamps, in
 * either byte order. Nanosecond timestamps are rounded half up to the nearest microsecond.
 *
 * <p>Classic pcap has no interface names; frames carry the file name as their interface.
 */
final class PcapReader implements CaptureReader {

  static final int MAGIC_MICROS = 0xa1b2c3d4;
  static final int MAGIC_NANOS = 0xa1b23c4d;
  static final int MAX_CAPLEN = 256 * 1024;

  private static final int GLOBAL_HEADER = 24;
  private static final int RECORD_HEADER = 16;

  private final ChannelInput input;
  private final SkippedRecords skipped;
  private final String iface;
  private boolean nanos;
  private int linkType;
  private boolean headerRead;
  private boolean ended;
  private long framesRead;

  PcapReader(ChannelInput input, String fileName) {
    this.input = input;
    this.iface = fileName;
    this.skipped = new SkippedRecords(fileName);
  }

  /** True if the first four bytes, read big-endian, are a classic pcap magic in either order. */
  static boolean isMagic(int value) {
    return value == MAGIC_MICROS
        || value == MAGIC_NANOS
        || value == Integer.reverseBytes(MAGIC_MICROS)
        || value == Integer.reverseBytes(MAGIC_NANOS);
  }

  @Override
  public CapturedFrame next() throws IOException {
    if (ended || (!headerRead && !readGlobalHeader())) {
      return null;
    }
    if (!input.request(RECORD_HEADER)) {
      end(input.available() > 0, "truncated record header");
      return null;
    }
    ByteBuffer buf = input.buffer();
    int p = buf.position();
    long seconds = Integer.toUnsignedLong(buf.getInt(p));
    long fraction = Integer.toUnsignedLong(buf.getInt(p + 4));
    long capLen = Integer.toUnsignedLong(buf.getInt(p + 8));
    long origLen = Integer.toUnsignedLong(buf.getInt(p + 12));
    if (capLen > MAX_CAPLEN) {
      // The lengths are the only framing; once they are impossible nothing after can be trusted.
      end(true, "captured length " + capLen + " exceeds " + MAX_CAPLEN);
      return null;
    }
    if (!input.request(RECORD_HEADER + (int) capLen)) {
      end(true, "truncated record: " + capLen + " bytes announced, "
          + (input.available() - RECORD_HEADER) + " present");
      return null;
    }
    input.advance(RECORD_HEADER);
    byte[] data = input.take((int) capLen);
    long micros = nanos ? (fraction + 500) / 1000 : fraction;
    framesRead++;
    int orig = (int) Math.min(Math.max(origLen, capLen), Integer.MAX_VALUE);
    return new CapturedFrame(seconds * 1_000_000L + micros, linkType, iface, data, orig);
  }

  private boolean readGlobalHeader() throws IOException {
    headerRead = true;
    if (!input.request(GLOBAL_HEADER)) {
      end(input.available() > 0, "truncated global header");
      return false;
    }
    ByteBuffer buf = input.buffer();
    int magic = buf.order(ByteOrder.BIG_ENDIAN).getInt(buf.position());
    if (magic == Integer.reverseBytes(MAGIC_MICROS) || magic == Integer.reverseBytes(MAGIC_NANOS)) {
      input.order(ByteOrder.LITTLE_ENDIAN);
      magic = Integer.reverseBytes(magic);
    }
    nanos = magic == MAGIC_NANOS;
    // The link type is the low 16 bits; the upper bits may hold an FCS length (LINKTYPE_FCS).
    linkType = buf.getInt(buf.position() + 20) & 0xffff;
    input.advance(GLOBAL_HEADER);
    return true;
  }

  private void end(boolean counted, String reason) {
    ended = true;
    if (counted) {
      skipped.skip(input.offset(), reason);
    }
  }

  @Override
  public CaptureStats stats() {
    return new CaptureStats(framesRead, skipped.count(), skipped.firstReason());
  }

  @Override
  public void close() throws IOException {
    input.close();
  }
}
