package io.wirelake.flink.tcp;

/** Receives a direction's byte stream from a {@link TcpReassembler}, in sequence order. */
public interface ReassemblySink {
  /**
   * In-order bytes. {@code buf} is a captured frame (or a buffer) the receiver must not keep or modify;
   * {@code tsMicros} is the capture time of the packet whose arrival made these bytes deliverable.
   */
  void onData(int direction, byte[] buf, int off, int len, long tsMicros);

  /** {@code bytes} bytes were never captured and are skipped; the next {@link #onData} follows the hole. */
  void onGap(int direction, long bytes, long tsMicros);

  /** The FIN of this direction was reached in sequence order: no more data follows. */
  void onEnd(int direction, long tsMicros);
}
