package io.wirelake.flink.aggregate;

import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Wires the windowed aggregates of transactions and connections, one operator per granularity. */
public final class Aggregates {
  private Aggregates() {}

  public static DataStream<LatencyAggregate> latency(DataStream<L7Transaction> transactions, Granularity g,
      long latenessMicros) {
    return transactions
        .keyBy(LatencySpec::groupKey)
        .process(new WindowedAggregator<>(new LatencySpec(), LatencySpec.Acc.class, g, latenessMicros),
            TypeInformation.of(LatencyAggregate.class))
        .uid("l7-latency-" + g.suffix())
        .name("l7_latency_" + g.suffix());
  }

  public static DataStream<HandshakeAggregate> handshakes(DataStream<L4Flow> flows, Granularity g,
      long latenessMicros) {
    return flows
        .keyBy(HandshakeSpec::groupKey)
        .process(new WindowedAggregator<>(new HandshakeSpec(), HandshakeSpec.Acc.class, g, latenessMicros),
            TypeInformation.of(HandshakeAggregate.class))
        .uid("l4-handshake-" + g.suffix())
        .name("l4_handshake_" + g.suffix());
  }
}
