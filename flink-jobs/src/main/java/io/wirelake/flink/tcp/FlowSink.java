package io.wirelake.flink.tcp;

import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;

/** Receives what a {@link FlowTracker} produces. Passed into every call, never stored in state. */
public interface FlowSink {
  void flow(L4Flow flow);

  void transaction(L7Transaction transaction);
}
