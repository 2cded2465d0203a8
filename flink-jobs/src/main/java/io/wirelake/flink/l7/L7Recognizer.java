package io.wirelake.flink.l7;

import io.wirelake.flink.tcp.DissectionConfig;

/**
 * Recognizes a protocol by the first bytes of a connection (not by port). Stateless; registered in
 * {@link L7Registry}.
 */
public interface L7Recognizer {
  int NO_MATCH = 0;
  int MATCH = 1;
  int NEED_MORE = 2;

  String protocol();

  /**
   * Looks at the first bytes a direction sent. Returns {@link #MATCH}, {@link #NO_MATCH}, or {@link #NEED_MORE}
   * if {@code len} bytes are not enough to decide.
   */
  int recognize(int direction, byte[] buf, int off, int len);

  L7Dissector create(DissectionConfig config);
}
