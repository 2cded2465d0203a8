package io.wirelake.flink.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.testutil.CollectingSink;
import org.junit.jupiter.api.Test;

/**
 * dns.pcap through the job on a Flink MiniCluster: UDP datagrams reach the keyed flow trackers (keyed state,
 * event-time timers, Kryo) and give the same rows as tshark, like the replay does.
 */
class DnsPipelineJobTest {
  @Test
  void jobOnMiniClusterMatchesTsharkForDns() throws Exception {
    CollectingSink collected = PipelineJobTest.runJob("dns", 2);
    assertThat(DnsGroundTruthTest.compareQueries(collected)).isEmpty();
    assertThat(GroundTruthTest.compareFlows("dns", collected, true)).isEmpty();
    assertThat(collected.transactions).hasSize(110);
    assertThat(collected.flows).hasSize(4);
  }
}
