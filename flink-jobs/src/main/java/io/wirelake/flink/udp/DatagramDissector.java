package io.wirelake.flink.udp;

import io.wirelake.flink.l7.L7Context;

/**
 * A per-flow application-protocol dissector fed with whole UDP datagrams (one message each). Implementations
 * are plain mutable classes (checkpointed by Kryo, like {@link io.wirelake.flink.l7.L7Dissector}) and must not
 * keep references to the arrays passed to {@link #onDatagram}. The {@link L7Context} is passed into every call
 * and must not be stored.
 */
public interface DatagramDissector {
  /** The protocol name stored in {@code protocol}, e.g. {@code dns}. */
  String protocol();

  /** One datagram's payload; {@code direction} is {@link io.wirelake.flink.l7.L7Dissector#C2S} or {@code S2C}. */
  void onDatagram(int direction, byte[] buf, int off, int len, long tsMicros, L7Context ctx);

  /** Event time reached {@code nowMicros}: emit what timed out (unanswered requests). */
  void onTimer(long nowMicros, L7Context ctx);

  /** Earliest event time at which {@link #onTimer} has work, or Long.MAX_VALUE. */
  long nextTimerMicros();

  /** True while requests wait for their responses (the flow's state must be kept). */
  boolean hasPending();

  /** The flow's state is dropped (end of input): emit whatever is outstanding. */
  void flush(long tsMicros, L7Context ctx);

  /** Approximate bytes held, for buffer accounting. */
  long bufferedBytes();
}
