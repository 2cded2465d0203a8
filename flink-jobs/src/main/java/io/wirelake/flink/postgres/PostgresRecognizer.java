package io.wirelake.flink.postgres;

import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.l7.L7Recognizer;
import io.wirelake.flink.tcp.DissectionConfig;

/**
 * PostgreSQL by content: the client's first packet is a StartupMessage (int32 length, protocol 3.x),
 * an SSLRequest or GSSENCRequest (length 8) or a CancelRequest (length 16). The server never speaks first.
 */
public final class PostgresRecognizer implements L7Recognizer {
  @Override
  public String protocol() {
    return PostgresDissector.PROTOCOL;
  }

  @Override
  public int recognize(int direction, byte[] buf, int off, int len) {
    if (direction != L7Dissector.C2S || len <= 0) {
      return NO_MATCH;
    }
    if (buf[off] != 0) {
      return NO_MATCH; // every startup packet is shorter than 16 MiB
    }
    if (len < 4) {
      return NEED_MORE;
    }
    int length = WireFormat.int32(buf, off);
    if (length < 8 || length > WireFormat.MAX_STARTUP_LENGTH) {
      return NO_MATCH;
    }
    if (len < 8) {
      return NEED_MORE;
    }
    int code = WireFormat.int32(buf, off + 4);
    if (!WireFormat.knownStartupCode(code, length)) {
      return NO_MATCH;
    }
    if (WireFormat.isProtocol3(code) && len >= length && buf[off + length - 1] != 0) {
      return NO_MATCH; // a complete StartupMessage ends with the zero byte of its parameter list
    }
    return MATCH;
  }

  @Override
  public L7Dissector create(DissectionConfig config) {
    return new PostgresDissector(config);
  }
}
