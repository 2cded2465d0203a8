package io.wirelake.flink.l7;

import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.tcp.DissectionConfig;

/** What a dissector knows about its connection and where it emits to. Passed per call, never stored. */
public interface L7Context {
  String flowId();

  String node();

  String clientIp();

  int clientPort();

  String serverIp();

  int serverPort();

  DissectionConfig config();

  /** The next transaction sequence number of this connection (1, 2, ...); ids are {@code flowId + ":" + seq}. */
  long nextTransactionSeq();

  void emit(L7Transaction transaction);
}
