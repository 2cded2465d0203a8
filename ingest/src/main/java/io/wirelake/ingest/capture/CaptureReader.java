package io.wirelake.ingest.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads the frames of a capture file one at a time, in file order.
 *
 * <p>{@link #open(Path)} detects the format (classic pcap in either byte order and timestamp
 * resolution, or pcapng) from the file's magic number. Bad content never throws: a truncated or
 * malformed record is counted in {@link #stats()}, logged once and skipped (or ends the file when
 * the framing can no longer be trusted). Only real I/O errors raise {@link IOException}.
 *
 * <p>Not thread-safe.
 */
public interface CaptureReader extends Closeable {

  /**
   * Opens a capture file, detecting classic pcap or pcapng from its magic number.
   *
   * @throws IOException if the file cannot be read or is neither pcap nor pcapng
   */
  static CaptureReader open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      ByteBuffer magic = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN);
      while (magic.hasRemaining() && channel.read(magic) >= 0) {
        // keep reading until four bytes or end of file
      }
      if (magic.hasRemaining()) {
        throw new IOException(file + " is not a pcap or pcapng file (shorter than 4 bytes)");
      }
      int value = magic.getInt(0);
      channel.position(0);
      ChannelInput input = new ChannelInput(channel);
      String name = String.valueOf(file.getFileName());
      if (PcapReader.isMagic(value)) {
        return new PcapReader(input, name);
      }
      if (value == PcapngReader.SHB_TYPE) {
        return new PcapngReader(input, name);
      }
      throw new IOException(
          String.format("%s is not a pcap or pcapng file (magic 0x%08x)", file, value));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Returns the next frame, or null at the end of the capture. */
  CapturedFrame next() throws IOException;

  /** Counts so far: frames returned and records skipped. */
  CaptureStats stats();

  /** The remaining frames as an iterator; a read error surfaces as an {@link UncheckedIOException}. */
  default Iterator<CapturedFrame> frames() {
    return new Iterator<>() {
      private CapturedFrame next = read();

      private CapturedFrame read() {
        try {
          return CaptureReader.this.next();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public CapturedFrame next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        CapturedFrame f = next;
        next = read();
        return f;
      }
    };
  }
}
