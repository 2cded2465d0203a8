package io.wirelake.flink.l7;

import io.wirelake.flink.http.HttpRecognizer;

/**
 * The recognizers tried on every new connection, in order. A new protocol plugs in by adding its
 * {@link L7Recognizer} here. Stateless (static and immutable), so nothing of it is checkpointed.
 */
public final class L7Registry {
  private static final L7Recognizer[] RECOGNIZERS = {new HttpRecognizer(), new io.wirelake.flink.dns.DnsTcpRecognizer(), new io.wirelake.flink.http2.Http2Recognizer(), new io.wirelake.flink.redis.RedisRecognizer(), new io.wirelake.flink.postgres.PostgresRecognizer(), new io.wirelake.flink.kafka.KafkaRecognizer()};

  /** Bytes of a direction kept at most while recognizers answer {@link L7Recognizer#NEED_MORE}. */
  public static final int MAX_PREFIX = 64;

  private L7Registry() {}

  /** The first recognizer that matches the first bytes of a direction, or null. */
  public static L7Recognizer find(int direction, byte[] buf, int off, int len) {
    for (L7Recognizer r : RECOGNIZERS) {
      if (r.recognize(direction, buf, off, len) == L7Recognizer.MATCH) {
        return r;
      }
    }
    return null;
  }

  /** True if some recognizer needs more than {@code len} bytes to decide (and the prefix may still grow). */
  public static boolean needMore(int direction, byte[] buf, int off, int len) {
    if (len >= MAX_PREFIX) {
      return false;
    }
    for (L7Recognizer r : RECOGNIZERS) {
      if (r.recognize(direction, buf, off, len) == L7Recognizer.NEED_MORE) {
        return true;
      }
    }
    return false;
  }
}
