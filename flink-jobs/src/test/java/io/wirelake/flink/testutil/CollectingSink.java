package io.wirelake.flink.testutil;

import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.tcp.FlowSink;
import java.util.ArrayList;
import java.util.List;

/** A {@link FlowSink} that keeps everything. */
public final class CollectingSink implements FlowSink {
  public final List<L4Flow> flows = new ArrayList<>();
  public final List<L7Transaction> transactions = new ArrayList<>();

  @Override
  public void flow(L4Flow flow) {
    flows.add(flow);
  }

  @Override
  public void transaction(L7Transaction transaction) {
    transactions.add(transaction);
  }
}
