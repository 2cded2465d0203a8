package io.wirelake.flink.udp;

import io.wirelake.flink.tcp.DissectionConfig;

/**
 * Recognizes a datagram protocol by the content of one datagram (not by port). Stateless; registered in
 * {@link UdpRegistry}. A match also tells which side sent the datagram, which fixes the flow's client and server.
 */
public interface DatagramRecognizer {
  int NO_MATCH = 0;
  /** The datagram is a request: its sender is the client. */
  int FROM_CLIENT = 1;
  /** The datagram is a response: its sender is the server. */
  int FROM_SERVER = 2;

  int recognize(byte[] buf, int off, int len);

  DatagramDissector create(DissectionConfig config);
}
