package io.wirelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.lakehouse.testing.GroundTruthCsv;
import io.wirelake.lakehouse.testing.TableReader;
import io.wirelake.lakehouse.workload.WorkloadQueries;
import io.wirelake.lakehouse.workload.WorkloadRef;
import io.wirelake.lakehouse.workload.WorkloadSelection;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wirelake ingest --k8s} on the real parts. In http-basic every packet runs between 127.0.0.1 and
 * 127.0.0.1; the first snapshot has that address on a payments pod behind the payments service, the second,
 * taking effect halfway through the capture, on a pod of another workload in another namespace. Every
 * connection and call must carry the owner as of its own time, computed here from tshark's times.
 */
class KubernetesContextEndToEndTest {
  @TempDir Path data;

  private static final Expected PAYMENTS = new Expected("shop", "payments-7d4b9c6f8-x2k9p", "payments", "payments");
  private static final Expected REPORT = new Expected("batch", "report-0", "report", null);

  record Expected(String namespace, String pod, String workload, String service) {}

  @Test
  void everyConnectionAndCallHasTheWorkloadThatHeldItsAddressThen() throws Exception {
    List<Map<String, String>> streams = GroundTruthCsv.rows(IngestEndToEndTest.capture("http-basic.streams.csv"));
    List<Map<String, String>> calls = GroundTruthCsv.rows(IngestEndToEndTest.capture("http-basic.http.csv"));
    long handOver = GroundTruthCsv.micros(streams.get(streams.size() / 2).get("first_time_epoch")) - 1;
    Instant at = Instant.ofEpochSecond(0, handOver * 1000);

    assertThat(IngestEndToEndTest.wirelake("ingest", "--data", data.toString(), "--node", "test-node",
        "--pcap", IngestEndToEndTest.capture("http-basic.pcap").toString(),
        "--k8s", resource("before.json"), "--k8s", resource("after.json") + "@" + at)).isZero();

    try (TableReader t = TableReader.embedded(data)) {
      List<Record> flows = t.rows(WirelakeTables.L4_FLOWS);
      assertThat(flows).hasSize(streams.size());
      int before = 0;
      for (Record f : flows) {
        Expected want = tsMicros(f.getField("start_ts")) < handOver ? PAYMENTS : REPORT;
        before += want == PAYMENTS ? 1 : 0;
        assertSide(f, "client", want);
        assertSide(f, "server", want);
      }
      assertThat(before).isEqualTo(streams.stream()
          .filter(s -> GroundTruthCsv.micros(s.get("first_time_epoch")) < handOver).count());

      List<Record> transactions = t.rows(WirelakeTables.L7_TRANSACTIONS);
      assertThat(transactions).hasSize(calls.size());
      for (Record c : transactions) {
        Expected want = tsMicros(c.getField("request_ts")) < handOver ? PAYMENTS : REPORT;
        assertSide(c, "client", want);
        assertSide(c, "server", want);
      }

      // the metadata itself: 4 objects from the first snapshot, then the second's changes
      assertThat(t.rows(WirelakeTables.WORKLOADS)).extracting(r -> r.getField("kind") + "/" + r.getField("name")
          + ":" + r.getField("action")).containsExactlyInAnyOrder(
              "pod/payments-7d4b9c6f8-x2k9p:added", "service/payments:added", "endpoints/payments-abcde:added",
              "node/node-a:added", "pod/payments-7d4b9c6f8-x2k9p:deleted", "endpoints/payments-abcde:modified",
              "pod/report-0:added");

      // who had the address, asked of the table
      WorkloadQueries q = new WorkloadQueries(t.catalog());
      assertThat(q.ips(WorkloadSelection.at(at.minusMillis(500)).withIp("127.0.0.1"), 10, null).resolution())
          .isEqualTo(new WorkloadRef("shop", "payments-7d4b9c6f8-x2k9p", "payments", "payments", "node-a", false));
      assertThat(q.ips(WorkloadSelection.at(at.plusMillis(500)).withIp("127.0.0.1"), 10, null).resolution())
          .isEqualTo(new WorkloadRef("batch", "report-0", "report", null, "node-a", false));
    }
  }

  private static void assertSide(Record r, String side, Expected want) {
    assertThat(r.getField(side + "_namespace")).as("%s namespace of %s", side, r).isEqualTo(want.namespace());
    assertThat(r.getField(side + "_pod")).isEqualTo(want.pod());
    assertThat(r.getField(side + "_workload")).isEqualTo(want.workload());
    assertThat(r.getField(side + "_service")).isEqualTo(want.service());
    assertThat(r.getField(side + "_node")).isEqualTo("node-a");
    assertThat(r.getField(side + "_external")).isEqualTo(false);
  }

  private static long tsMicros(Object ts) {
    OffsetDateTime t = (OffsetDateTime) ts;
    return t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  private static String resource(String name) throws URISyntaxException {
    return Path.of(KubernetesContextEndToEndTest.class.getResource("/k8s/" + name).toURI()).toString();
  }
}
