package io.wirelake.flink.job;

import io.wirelake.flink.aggregate.Aggregates;
import io.wirelake.flink.aggregate.Granularity;
import io.wirelake.flink.aggregate.HandshakeAggregate;
import io.wirelake.flink.aggregate.LatencyAggregate;
import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.schemas.Topics;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * The streaming job from captured segments to connections and transactions. {@link #build} wires the
 * processing between any source of {@link Packet}s and any {@link Sinks}: tests run it on a bounded source
 * with collecting sinks, production on {@link #kafkaPackets} with {@link IcebergSinks}.
 */
public final class PipelineJob {
  static final OutputTag<L7Transaction> TRANSACTIONS =
      new OutputTag<>("l7-transactions", TypeInformation.of(L7Transaction.class));

  private PipelineJob() {}

  /**
   * How long (event time) an aggregate window waits for its stragglers after it ends: transactions are emitted
   * when their response completes and connections when they close, after the window of their start.
   */
  public static final long AGGREGATE_LATENESS_MICROS = 60_000_000L;

  /** Where the job's outputs go. The aggregates are optional: a sink that ignores them leaves them unbuilt. */
  public interface Sinks {
    void flows(DataStream<L4Flow> flows);

    void transactions(DataStream<L7Transaction> transactions);

    default void latency(Granularity granularity, DataStream<LatencyAggregate> rows) {}

    default void handshakes(Granularity granularity, DataStream<HandshakeAggregate> rows) {}
  }

  /**
   * Keys packets by flow, reassembles and dissects them, and hands the results to {@code sinks}. Nothing
   * stands between the source and the key-by: a redistributing operator there would reorder a flow's
   * packets, and capture order within a flow is what reassembly and latency depend on.
   */
  public static void build(DataStream<Packet> packets, DissectionConfig config, Sinks sinks) {
    SingleOutputStreamOperator<L4Flow> flows = packets
        .keyBy(Packet::flowKey)
        .process(new FlowProcessor(config)).uid("flow-processor").name("reassemble and dissect");
    DataStream<L7Transaction> transactions = flows.getSideOutput(TRANSACTIONS);
    sinks.flows(flows);
    sinks.transactions(transactions);
    for (Granularity g : Granularity.values()) {
      sinks.latency(g, Aggregates.latency(transactions, g, AGGREGATE_LATENESS_MICROS));
      sinks.handshakes(g, Aggregates.handshakes(flows, g, AGGREGATE_LATENESS_MICROS));
    }
  }

  /**
   * Segments from the Kafka topic with event time from the packets. {@code stop} null reads without end;
   * otherwise the source is bounded (a replay). Only committed records are read.
   */
  public static DataStream<Packet> kafkaPackets(StreamExecutionEnvironment env, String bootstrapServers,
      OffsetsInitializer start, OffsetsInitializer stop, Duration outOfOrderness) {
    KafkaSourceBuilder<Packet> builder = KafkaSource.<Packet>builder()
        .setBootstrapServers(bootstrapServers)
        .setTopics(Topics.SEGMENTS)
        .setGroupId("wirelake-pipeline")
        .setStartingOffsets(start)
        .setDeserializer(new SegmentDeserializer())
        .setProperty("isolation.level", "read_committed")
        .setProperty("commit.offsets.on.checkpoint", "false")
        .setProperty("max.partition.fetch.bytes", String.valueOf(8 * 1024 * 1024));
    if (stop != null) {
      builder.setBounded(stop);
    }
    WatermarkStrategy<Packet> watermarks = WatermarkStrategy
        .<Packet>forBoundedOutOfOrderness(outOfOrderness)
        .withTimestampAssigner((p, ignored) -> Math.floorDiv(p.tsMicros(), 1000))
        .withIdleness(Duration.ofSeconds(30));
    return env.fromSource(builder.build(), watermarks, "kafka segments").uid("kafka-segments");
  }
}
