package io.wirelake.flink.kafka;

import io.wirelake.flink.l7.L7Context;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.tcp.DissectionConfig;
import java.util.ArrayList;
import java.util.List;

/** An {@link L7Context} that collects rows, for feeding a dissector directly. */
final class FakeContext implements L7Context {
  final List<L7Transaction> rows = new ArrayList<>();
  private long seq;

  @Override public String flowId() { return "f"; }
  @Override public String node() { return "n"; }
  @Override public String clientIp() { return "10.0.0.1"; }
  @Override public int clientPort() { return 40000; }
  @Override public String serverIp() { return "10.0.0.2"; }
  @Override public int serverPort() { return 9092; }
  @Override public DissectionConfig config() { return DissectionConfig.defaults(); }
  @Override public long nextTransactionSeq() { return ++seq; }
  @Override public void emit(L7Transaction t) { rows.add(t); }
}
