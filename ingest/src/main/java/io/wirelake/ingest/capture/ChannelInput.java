package io.wirelake.ingest.capture;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A file channel behind one reusable buffer: readers ask for the next n bytes and decode them in
 * place, so reading allocates nothing but the frames' own byte arrays.
 */
final class ChannelInput implements Closeable {

  /** Large enough for the largest record a reader accepts (256 KiB of frame plus headers). */
  static final int CAPACITY = 1 << 20;

  private final FileChannel channel;
  private final ByteBuffer buffer;
  private long consumed;

  ChannelInput(FileChannel channel) {
    this.channel = channel;
    this.buffer = ByteBuffer.allocate(CAPACITY);
    this.buffer.flip();
  }

  /** The buffer; its position is the next unread byte of the file. */
  ByteBuffer buffer() {
    return buffer;
  }

  void order(ByteOrder order) {
    buffer.order(order);
  }

  /**
   * Makes at least {@code n} bytes available in the buffer from its position.
   *
   * @return false if the file ends first (the available bytes stay in the buffer)
   */
  boolean request(int n) throws IOException {
    if (n > CAPACITY) {
      throw new IllegalArgumentException("request of " + n + " bytes exceeds the buffer");
    }
    if (buffer.remaining() >= n) {
      return true;
    }
    buffer.compact();
    try {
      while (buffer.position() < n) {
        if (channel.read(buffer) < 0) {
          return false;
        }
      }
      return true;
    } finally {
      buffer.flip();
    }
  }

  /** Bytes available in the buffer without reading. */
  int available() {
    return buffer.remaining();
  }

  /** Consumes {@code n} bytes from the buffer (the caller has requested them). */
  void advance(int n) {
    buffer.position(buffer.position() + n);
    consumed += n;
  }

  /** Copies the next {@code n} bytes (already requested) into a new array. */
  byte[] take(int n) {
    byte[] data = new byte[n];
    buffer.get(data);
    consumed += n;
    return data;
  }

  /**
   * Skips {@code n} bytes, buffered or not.
   *
   * @return false if the file ends first
   */
  boolean skip(long n) throws IOException {
    int inBuffer = (int) Math.min(n, buffer.remaining());
    advance(inBuffer);
    long rest = n - inBuffer;
    if (rest == 0) {
      return true;
    }
    long target = channel.position() + rest;
    if (target > channel.size()) {
      consumed += channel.size() - channel.position();
      channel.position(channel.size());
      return false;
    }
    channel.position(target);
    consumed += rest;
    return true;
  }

  /** File offset of the next unread byte (for messages). */
  long offset() {
    return consumed;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
