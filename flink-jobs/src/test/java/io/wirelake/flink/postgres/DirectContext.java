package io.wirelake.flink.postgres;

import io.wirelake.flink.l7.L7Context;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.tcp.DissectionConfig;
import java.util.ArrayList;
import java.util.List;

/** Drives a {@link PostgresDissector} directly (no TCP), collecting its rows. */
final class DirectContext implements L7Context {
  final List<L7Transaction> rows = new ArrayList<>();
  final DissectionConfig config;
  private long seq;

  DirectContext(DissectionConfig config) {
    this.config = config;
  }

  DirectContext() {
    this(DissectionConfig.defaults());
  }

  @Override
  public String flowId() {
    return "f";
  }

  @Override
  public String node() {
    return "n";
  }

  @Override
  public String clientIp() {
    return "10.0.0.1";
  }

  @Override
  public int clientPort() {
    return 40000;
  }

  @Override
  public String serverIp() {
    return "10.0.0.2";
  }

  @Override
  public int serverPort() {
    return 5432;
  }

  @Override
  public DissectionConfig config() {
    return config;
  }

  @Override
  public long nextTransactionSeq() {
    return ++seq;
  }

  @Override
  public void emit(L7Transaction transaction) {
    rows.add(transaction);
  }
}
