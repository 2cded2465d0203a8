package io.wirelake.flink.tcp;

/**
 * A buffered piece of a direction's byte stream: a reference into a captured frame, not a copy.
 * Sequence numbers are unwrapped to 64 bits by the owning {@link TcpReassembler}.
 */
public final class Segment {
  long start;
  long end;
  byte[] data;
  int off;
  long arrivalTs;

  Segment() {}

  Segment(long start, long end, byte[] data, int off, long arrivalTs) {
    this.start = start;
    this.end = end;
    this.data = data;
    this.off = off;
    this.arrivalTs = arrivalTs;
  }

  int length() {
    return (int) (end - start);
  }
}
