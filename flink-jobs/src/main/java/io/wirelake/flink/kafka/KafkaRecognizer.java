package io.wirelake.flink.kafka;

import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.l7.L7Recognizer;
import io.wirelake.flink.l7.L7Registry;
import io.wirelake.flink.tcp.DissectionConfig;

/**
 * Kafka by content, on the client's first bytes: a request frame (int32 size of 10 bytes to 100 MiB, int16 api
 * key of a known API, int16 version that API has, int32 correlation id of at least 0, int16 client id length of
 * -1 (null) to {@link #MAX_CLIENT_ID} that fits the frame) whose client id has no control characters; in a
 * flexible header the tagged-field count after it is small. Each field is checked as soon as it is there, so
 * other protocols are refused early (a first byte above 6 already means more than 100 MiB). A client id longer
 * than the registry's prefix is accepted on the part seen. The server side never decides (Kafka clients speak
 * first, usually with ApiVersions).
 *
 * <p>Not recognized: header v0 (ControlledShutdown v0, no client id), connections picked up mid-stream.
 */
public final class KafkaRecognizer implements L7Recognizer {
  static final int MAX_CLIENT_ID = 1024;
  static final int MIN_SIZE = 10;

  @Override
  public String protocol() {
    return KafkaDissector.PROTOCOL;
  }

  @Override
  public int recognize(int direction, byte[] buf, int off, int len) {
    if (direction != L7Dissector.C2S) {
      return NO_MATCH;
    }
    if (len == 0) {
      return NEED_MORE;
    }
    if ((buf[off] & 0xff) > (FrameWalker.MAX_FRAME >>> 24)) {
      return NO_MATCH;
    }
    if (len < 4) {
      return NEED_MORE;
    }
    int size = FrameWalker.int32(buf, off);
    if (size < MIN_SIZE || size > FrameWalker.MAX_FRAME) {
      return NO_MATCH;
    }
    int key = len >= 6 ? int16(buf, off + 4) : -1;
    if (len >= 6 && !ApiTable.known(key)) {
      return NO_MATCH;
    }
    int version = len >= 8 ? int16(buf, off + 6) : -1;
    if (len >= 8 && !ApiTable.knownVersion(key, version)) {
      return NO_MATCH;
    }
    if (len >= 9 && buf[off + 8] < 0) {
      return NO_MATCH; // a negative correlation id
    }
    if (len < 14) {
      return NEED_MORE;
    }
    int idLen = int16(buf, off + 12);
    if (idLen < -1 || idLen > MAX_CLIENT_ID || MIN_SIZE + Math.max(idLen, 0) > size) {
      return NO_MATCH;
    }
    int seen = Math.min(Math.max(idLen, 0), len - 14);
    for (int i = 0; i < seen; i++) {
      int c = buf[off + 14 + i] & 0xff;
      if (c < 0x20 || c == 0x7f) {
        return NO_MATCH;
      }
    }
    if (seen < idLen) {
      return len < L7Registry.MAX_PREFIX ? NEED_MORE : MATCH;
    }
    int tags = off + 14 + Math.max(idLen, 0);
    if (ApiTable.requestHeaderVersion(key, version) == 2 && tags < off + len && (buf[tags] & 0xff) > 8) {
      return NO_MATCH;
    }
    return MATCH;
  }

  private static int int16(byte[] b, int o) {
    return (short) ((b[o] & 0xff) << 8 | (b[o + 1] & 0xff));
  }

  @Override
  public L7Dissector create(DissectionConfig config) {
    return new KafkaDissector(config);
  }
}
