package io.wirelake.ingest.capture;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes frames as a classic pcap file (little-endian, microsecond timestamps, snap length
 * 256 KiB) that tcpdump, Wireshark and {@link CaptureReader} read. Every frame must have the
 * file's link type, since classic pcap has one per file.
 *
 * <p>Not thread-safe.
 */
public final class PcapWriter implements Closeable, Flushable {

  /** LINKTYPE_ETHERNET. */
  public static final int ETHERNET = 1;

  private static final int SNAP_LEN = PcapReader.MAX_CAPLEN;

  private final OutputStream out;
  private final int linkType;
  private final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);

  /** Writes the global header for {@code linkType} to {@code out}, which the writer owns. */
  public PcapWriter(OutputStream out, int linkType) throws IOException {
    this.out = out;
    this.linkType = linkType;
    header.putInt(PcapReader.MAGIC_MICROS).putShort((short) 2).putShort((short) 4)
        .putInt(0).putInt(0).putInt(SNAP_LEN).putInt(linkType);
    out.write(header.array(), 0, 24);
  }

  /** Creates (or replaces) {@code file} as a pcap of {@code linkType}. */
  public static PcapWriter create(Path file, int linkType) throws IOException {
    return new PcapWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), linkType);
  }

  /** Creates (or replaces) {@code file} as an Ethernet pcap. */
  public static PcapWriter create(Path file) throws IOException {
    return create(file, ETHERNET);
  }

  /**
   * Appends one frame record.
   *
   * @throws IllegalArgumentException if the frame's link type is not the file's, or it is longer
   *     than the snap length
   */
  public void write(CapturedFrame frame) throws IOException {
    if (frame.linkType() != linkType) {
      throw new IllegalArgumentException(
          "frame link type " + frame.linkType() + " in a pcap of link type " + linkType);
    }
    byte[] data = frame.data();
    if (data.length > SNAP_LEN) {
      throw new IllegalArgumentException("frame of " + data.length + " bytes exceeds " + SNAP_LEN);
    }
    long ts = frame.tsMicros();
    header.clear();
    header.putInt((int) Math.floorDiv(ts, 1_000_000L))
        .putInt((int) Math.floorMod(ts, 1_000_000L))
        .putInt(data.length)
        .putInt(Math.max(frame.origLen(), data.length));
    out.write(header.array(), 0, 16);
    out.write(data);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
