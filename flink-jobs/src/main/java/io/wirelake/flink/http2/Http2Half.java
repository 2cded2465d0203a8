package io.wirelake.flink.http2;

import java.util.Arrays;

/**
 * One direction of an HTTP/2 connection: its frame reader, its HPACK decoder and the header block being
 * assembled from HEADERS / PUSH_PROMISE and CONTINUATION frames. Plain mutable state.
 */
final class Http2Half {
  FrameReader reader;
  HpackDecoder decoder;
  /** Stream of the header block being assembled (awaiting CONTINUATION), 0 if none. */
  int blockStream;
  int blockType;
  int blockPromised;
  boolean blockEndStream;
  /** Time of the HEADERS / PUSH_PROMISE frame that started the block. */
  long blockTs;
  byte[] block;
  int blockLen;

  Http2Half() {}

  Http2Half(boolean client, int maxHeaderBytes, int tableSizeLimit) {
    reader = new FrameReader(client, maxHeaderBytes + 300);
    decoder = new HpackDecoder(tableSizeLimit);
  }

  /** Appends a header block fragment; false if the block would exceed {@code max} octets. */
  boolean append(byte[] b, int off, int n, int max) {
    int need = blockLen + n;
    if (need > max) {
      return false;
    }
    if (block == null || block.length < need) {
      block = Arrays.copyOf(block == null ? new byte[0] : block, Math.min(max, Math.max(need, Math.max(256,
          block == null ? 0 : block.length * 2))));
    }
    System.arraycopy(b, off, block, blockLen, n);
    blockLen = need;
    return true;
  }

  void endBlock() {
    blockStream = 0;
    blockLen = 0;
    if (block != null && block.length > 16 * 1024) {
      block = null; // do not keep a large buffer around
    }
  }

  long bufferedBytes() {
    return reader.bufferedBytes() + (block == null ? 0 : block.length);
  }
}
