package io.wirelake.flink.http;

/** Parser state of one direction of an HTTP/1.x connection. Plain mutable state. */
final class HttpHalf {
  static final int START = 0;
  static final int HEADERS = 1;
  static final int BODY_LENGTH = 2;
  static final int BODY_CLOSE = 3;
  static final int CHUNK_SIZE = 4;
  static final int CHUNK_DATA = 5;
  static final int CHUNK_DATA_END = 6;
  static final int TRAILERS = 7;
  static final int RESYNC = 8;
  static final int DEAD = 9;

  int state = START;
  /** Header block being accumulated (copied: the frames it came from are not kept). */
  byte[] hdr;
  int hdrLen;
  /** Non-CR bytes on the current line (headers, trailers). */
  int lineLen;
  /** Chunk-size line being accumulated. */
  byte[] line;
  int lineBufLen;
  long remaining;
  /** First byte of the message being parsed. */
  long msgStartTs = HttpExchange.NONE;
  /** During RESYNC: the next byte starts a line. */
  boolean atLineStart;
  /** A gap came before the next message (pairing may be off). */
  boolean gapBefore;

  long bufferedBytes() {
    return (hdr == null ? 0 : hdr.length) + (line == null ? 0 : line.length);
  }
}
