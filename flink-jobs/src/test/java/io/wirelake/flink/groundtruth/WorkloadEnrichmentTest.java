package io.wirelake.flink.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.aggregate.Granularity;
import io.wirelake.flink.aggregate.HandshakeAggregate;
import io.wirelake.flink.aggregate.LatencyAggregate;
import io.wirelake.flink.enrich.WorkloadChange;
import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.testutil.CapturePackets;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.lakehouse.testing.GroundTruthCsv;
import io.wirelake.lakehouse.workload.WorkloadRef;
import io.wirelake.schemas.WorkloadEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The job attaches workloads as of each record's own time. In http-basic every packet is 127.0.0.1 to
 * 127.0.0.1; the metadata gives that address to a payments pod, then (the pod deleted, the address reused)
 * to a batch pod of another workload from the middle of the capture, reported late by the watcher. Which one
 * each connection and call gets is computed here from tshark's times for them.
 */
class WorkloadEnrichmentTest {
  private static final String IP = "127.0.0.1";

  @Test
  void resolvesEveryConnectionAndCallAsOfItsOwnTimeAcrossAnAddressHandOver() throws Exception {
    List<Map<String, String>> streams = GroundTruthCsv.rows(CapturePackets.capture("http-basic.streams.csv"));
    List<Map<String, String>> calls = GroundTruthCsv.rows(CapturePackets.capture("http-basic.http.csv"));
    long first = GroundTruthCsv.micros(streams.get(0).get("first_time_epoch"));
    // the hand-over: halfway through the streams, between one stream's start and the next
    long handOver = GroundTruthCsv.micros(streams.get(streams.size() / 2).get("first_time_epoch")) - 1;

    Map<Granularity, List<LatencyAggregate>> latency = new EnumMap<>(Granularity.class);
    Map<Granularity, List<HandshakeAggregate>> handshakes = new EnumMap<>(Granularity.class);
    CollectingSink out = PipelineJobTest.runJob("http-basic", 2, List.of(
        change(first - 1_000_000, "pod", "added", "shop", "payments-5d8f-x2", List.of(IP), "Deployment/payments"),
        change(first - 1_000_000, "endpoints", "added", "shop", "payments-abc", List.of(IP), "Service/payments"),
        change(handOver, "pod", "deleted", "shop", "payments-5d8f-x2", List.of(), "Deployment/payments"),
        change(handOver, "endpoints", "modified", "shop", "payments-abc", List.of(), "Service/payments"),
        // the watcher saw the new pod 1.5 s late: within the default lateness, it still claims the traffic
        change(handOver + 1_500_000, "pod", "added", "batch", "report-0", List.of(IP), "StatefulSet/report")),
        latency, handshakes);

    WorkloadRef payments = new WorkloadRef("shop", "payments-5d8f-x2", "payments", "payments", "node-1", false);
    WorkloadRef report = new WorkloadRef("batch", "report-0", "report", null, "node-1", false);
    Map<Integer, WorkloadRef> expectedByPort = new HashMap<>();
    for (Map<String, String> s : streams) {
      expectedByPort.put(Integer.parseInt(s.get("client_port")),
          GroundTruthCsv.micros(s.get("first_time_epoch")) < handOver ? payments : report);
    }
    assertThat(out.flows).hasSize(streams.size());
    for (L4Flow f : out.flows) {
      assertThat(f.client()).as("client of %s", f.flowId()).isEqualTo(expectedByPort.get(f.clientPort()));
      assertThat(f.server()).as("server of %s", f.flowId()).isEqualTo(expectedByPort.get(f.clientPort()));
    }
    long before = calls.stream().filter(c -> GroundTruthCsv.micros(c.get("request_time_epoch")) < handOver).count();
    assertThat(before).isPositive().isLessThan(calls.size());
    assertThat(out.transactions).hasSize(calls.size());
    assertThat(out.transactions.stream().filter(t -> t.server().equals(payments)).count()).isEqualTo(before);
    assertThat(out.transactions.stream().filter(t -> t.client().equals(report)).count())
        .isEqualTo(calls.size() - before);
    for (L7Transaction t : out.transactions) {
      assertThat(t.server()).isEqualTo(t.requestTs() < handOver ? payments : report);
    }

    // aggregates group by workload and service where known, by address where not
    long toPayments = 0;
    long toAddress = 0;
    for (LatencyAggregate a : latency.get(Granularity.DAY)) {
      if ("payments".equals(a.serverService())) {
        assertThat(a.serverNamespace()).isEqualTo("shop");
        assertThat(a.clientWorkload()).isEqualTo("payments");
        assertThat(a.serverIp()).isNull();
        toPayments += a.requests();
      } else {
        assertThat(a.serverService()).isNull();
        assertThat(a.serverIp()).isEqualTo(IP);
        assertThat(a.clientWorkload()).isEqualTo("report");
        toAddress += a.requests();
      }
    }
    assertThat(toPayments).isEqualTo(before);
    assertThat(toAddress).isEqualTo(calls.size() - before);
    assertThat(handshakes.get(Granularity.DAY)).extracting(HandshakeAggregate::clientWorkload)
        .containsOnly("payments", "report");
  }

  private static WorkloadChange change(long tsMicros, String kind, String action, String namespace, String name,
      List<String> ips, String owner) throws IOException {
    WorkloadEvent e = WorkloadEvent.newBuilder()
        .setTs(Instant.ofEpochSecond(0, tsMicros * 1000))
        .setKind(kind).setAction(action).setNamespace(namespace).setName(name).setIps(ips)
        .setNode("pod".equals(kind) ? "node-1" : null).setLabels(Map.of()).setOwner(owner).build();
    ByteBuffer bytes = WorkloadEvent.getEncoder().encode(e);
    byte[] avro = new byte[bytes.remaining()];
    bytes.get(avro);
    return WorkloadChange.fromAvro(avro);
  }
}
