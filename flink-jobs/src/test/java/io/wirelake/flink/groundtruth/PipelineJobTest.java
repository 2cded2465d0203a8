package io.wirelake.flink.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.job.PipelineJob;
import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.testutil.CapturePackets;
import io.wirelake.flink.testutil.CollectingSink;
import java.time.Duration;
import java.util.List;
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

  static CollectingSink runJob(String capture, int parallelism) throws Exception {
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
    PipelineJob.build(source, DissectionConfig.defaults(), new PipelineJob.Sinks() {
      @Override
      public void flows(DataStream<L4Flow> stream) {
        flows[0] = stream.collectAsync();
      }

      @Override
      public void transactions(DataStream<L7Transaction> stream) {
        transactions[0] = stream.collectAsync();
      }
    });
    env.execute("pipeline-job-test");
    CollectingSink sink = new CollectingSink();
    flows[0].forEachRemaining(sink::flow);
    transactions[0].forEachRemaining(sink::transaction);
    flows[0].close();
    transactions[0].close();
    return sink;
  }
}
