package io.wirelake.flink.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import io.wirelake.flink.aggregate.Granularity;
import io.wirelake.flink.aggregate.HandshakeAggregate;
import io.wirelake.flink.aggregate.LatencyAggregate;
import io.wirelake.flink.enrich.EnrichmentConfig;
import io.wirelake.flink.enrich.WorkloadChange;
import io.wirelake.flink.job.PipelineJob;
import io.wirelake.lakehouse.sketch.LatencySketch;
import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.testutil.CapturePackets;
import io.wirelake.flink.testutil.CollectingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * The job itself, as {@link PipelineJob#build} wires it, on a Flink MiniCluster with a bounded source and
 * collecting sinks: keyed state, event-time timers and the side output must give the same rows as tshark.
 */
class PipelineJobTest {

  @Test
  void jobOnMiniClusterMatchesTsharkForReorderedCapture() throws Exception {
    CollectingSink collected = runJob("http-reorder", 2);
    assertThat(GroundTruthTest.compareFlows("http-reorder", collected, false)).isEmpty();
    assertThat(GroundTruthTest.compareHttp("http-reorder", collected)).isEmpty();
    assertThat(collected.flows).hasSize(14);
    assertThat(collected.transactions).hasSize(22);
  }

  @Test
  void jobOnMiniClusterMatchesTsharkForHttpBasic() throws Exception {
    CollectingSink collected = runJob("http-basic", 2);
    assertThat(collected.flows).extracting(L4Flow::closeReason).containsOnly(L4Flow.CLOSE_FIN);
    assertThat(GroundTruthTest.compareFlows("http-basic", collected, true)).isEmpty();
    assertThat(GroundTruthTest.compareHttp("http-basic", collected)).isEmpty();
  }

  @Test
  void aggregatesAgreeWithTsharkWithinSketchError() throws Exception {
    Map<Granularity, List<LatencyAggregate>> latency = new EnumMap<>(Granularity.class);
    Map<Granularity, List<HandshakeAggregate>> handshakes = new EnumMap<>(Granularity.class);
    runJob("http-basic", 2, latency, handshakes);
    for (Granularity g : Granularity.values()) {
      LatencySketch merged = LatencySketch.empty();
      long requests = 0;
      for (LatencyAggregate a : latency.get(g)) {
        merged.mergeBytes(a.sketch());
        requests += a.requests();
        assertThat(a.windowStart() % g.micros()).isZero();
      }
      assertThat(requests).as("requests in %s rows", g).isEqualTo(67);
      // tshark's http.time p50/p90/p99 for http-basic (captures/http-basic.expected.json)
      assertThat((double) merged.percentile(50)).isCloseTo(122, withPercentage(1));
      assertThat((double) merged.percentile(90)).isCloseTo(32_904, withPercentage(1));
      assertThat((double) merged.percentile(99)).isCloseTo(302_763, withPercentage(1));

      LatencySketch rtt = LatencySketch.empty();
      long flows = 0;
      for (HandshakeAggregate a : handshakes.get(g)) {
        rtt.mergeBytes(a.sketch());
        flows += a.flows();
      }
      assertThat(flows).isEqualTo(37);
      assertThat((double) rtt.percentile(50)).isCloseTo(30, withPercentage(1));
      assertThat((double) rtt.percentile(90)).isCloseTo(65, withPercentage(1));
      assertThat((double) rtt.percentile(99)).isCloseTo(82, withPercentage(1));
    }
    // the capture spans a few seconds: one day row and one hour row per group, no more
    assertThat(latency.get(Granularity.DAY)).extracting(LatencyAggregate::windowStart).containsOnly(
        Granularity.DAY.windowStart(latency.get(Granularity.MINUTE).get(0).windowStart()));
  }

  static CollectingSink runJob(String capture, int parallelism) throws Exception {
    return runJob(capture, parallelism, null, null);
  }

  static CollectingSink runJob(String capture, int parallelism, Map<Granularity, List<LatencyAggregate>> latency,
      Map<Granularity, List<HandshakeAggregate>> handshakes) throws Exception {
    return runJob(capture, parallelism, null, latency, handshakes);
  }

  /** Runs the job on a capture; with {@code workloads} non-null, as the Kubernetes metadata beside it. */
  static CollectingSink runJob(String capture, int parallelism, List<WorkloadChange> workloads,
      Map<Granularity, List<LatencyAggregate>> latency, Map<Granularity, List<HandshakeAggregate>> handshakes)
      throws Exception {
    List<Packet> packets = CapturePackets.read(CapturePackets.capture(capture + ".pcap"), GroundTruthTest.NODE);
    Configuration conf = new Configuration();
    conf.setString("taskmanager.memory.managed.size", "32m");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    DataStream<Packet> source = env.fromData(packets, TypeInformation.of(Packet.class))
        .setParallelism(1)
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Packet>forBoundedOutOfOrderness(Duration.ofSeconds(2))
            .withTimestampAssigner((p, ignored) -> p.tsMicros() / 1000))
        .setParallelism(1);
    CloseableIterator<L4Flow>[] flows = new CloseableIterator[1];
    CloseableIterator<L7Transaction>[] transactions = new CloseableIterator[1];
    Map<Granularity, CloseableIterator<LatencyAggregate>> latencyRows = new EnumMap<>(Granularity.class);
    Map<Granularity, CloseableIterator<HandshakeAggregate>> handshakeRows = new EnumMap<>(Granularity.class);
    PipelineJob.Sinks sinks = new PipelineJob.Sinks() {
      @Override
      public void flows(DataStream<L4Flow> stream) {
        flows[0] = stream.collectAsync();
      }

      @Override
      public void transactions(DataStream<L7Transaction> stream) {
        transactions[0] = stream.collectAsync();
      }

      @Override
      public void latency(Granularity g, DataStream<LatencyAggregate> rows) {
        if (latency != null) {
          latencyRows.put(g, rows.collectAsync());
        }
      }

      @Override
      public void handshakes(Granularity g, DataStream<HandshakeAggregate> rows) {
        if (handshakes != null) {
          handshakeRows.put(g, rows.collectAsync());
        }
      }
    };
    if (workloads == null) {
      PipelineJob.build(source, DissectionConfig.defaults(), sinks);
    } else {
      DataStream<WorkloadChange> metadata = env.fromData(workloads, TypeInformation.of(WorkloadChange.class))
          .setParallelism(1)
          .assignTimestampsAndWatermarks(WatermarkStrategy.<WorkloadChange>forMonotonousTimestamps()
              .withTimestampAssigner((w, ignored) -> w.tsMicros() / 1000))
          .setParallelism(1);
      PipelineJob.build(source, metadata, DissectionConfig.defaults(), EnrichmentConfig.defaults(), sinks);
    }
    env.execute("pipeline-job-test");
    CollectingSink sink = new CollectingSink();
    flows[0].forEachRemaining(sink::flow);
    transactions[0].forEachRemaining(sink::transaction);
    flows[0].close();
    transactions[0].close();
    latencyRows.forEach((g, it) -> {
      List<LatencyAggregate> rows = new ArrayList<>();
      it.forEachRemaining(rows::add);
      latency.put(g, rows);
    });
    handshakeRows.forEach((g, it) -> {
      List<HandshakeAggregate> rows = new ArrayList<>();
      it.forEachRemaining(rows::add);
      handshakes.put(g, rows);
    });
    return sink;
  }
}
