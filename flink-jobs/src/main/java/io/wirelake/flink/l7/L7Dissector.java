package io.wirelake.flink.l7;

/**
 * A per-connection application-protocol dissector fed with the reassembled byte streams of both directions.
 * Implementations are plain mutable classes (checkpointed by Kryo: no lambdas, loggers or buffers of
 * non-serializable types in fields) and must not keep references to the arrays passed to {@link #onData}.
 * The {@link L7Context} is passed into every call and must not be stored.
 */
public interface L7Dissector {
  /** Client to server. */
  int C2S = 0;
  /** Server to client. */
  int S2C = 1;

  /** The protocol name stored in {@code l7_protocol} / {@code protocol}, e.g. {@code http/1.1}. */
  String protocol();

  /** In-order bytes of one direction; {@code tsMicros} is the time of the packet that made them deliverable. */
  void onData(int direction, byte[] buf, int off, int len, long tsMicros, L7Context ctx);

  /** {@code bytes} bytes of {@code direction} are missing (never captured); data continues after the hole. */
  void onGap(int direction, long bytes, long tsMicros, L7Context ctx);

  /** {@code direction} reached its FIN in sequence order (ends close-delimited messages). */
  void onFin(int direction, long tsMicros, L7Context ctx);

  /** The connection ended; emit whatever is outstanding (unanswered requests with an error). */
  void onClose(long tsMicros, L7Context ctx);

  /** Bytes this dissector holds (header buffers, captured bodies), for buffer accounting. */
  long bufferedBytes();
}
