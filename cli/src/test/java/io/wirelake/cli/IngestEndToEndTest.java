package io.wirelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.lakehouse.testing.GroundTruthCsv;
import io.wirelake.lakehouse.testing.TableReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wirelake ingest} on the real parts: a KRaft broker in a child JVM, the Flink job on a MiniCluster and
 * Iceberg tables on the embedded catalog. The tables must hold exactly tshark's connections and exchanges, and
 * stay exactly so when the capture is replayed again or an interrupted run is redone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestEndToEndTest {
  @TempDir static Path data;

  static Path shared() {
    String p = System.getProperty("wirelake.shared");
    return p != null && Files.isDirectory(Path.of(p)) ? Path.of(p) : Path.of("../../shared");
  }

  static Path capture(String file) {
    return shared().resolve("captures").resolve(file);
  }

  static int wirelake(String... args) {
    return Main.commandLine().execute(args);
  }

  @Test
  @Order(1)
  void ingestedCaptureMatchesTshark() throws IOException {
    assertThat(wirelake("ingest", "--data", data.toString(), "--node", "test-node",
        "--pcap", capture("http-basic.pcap").toString())).isZero();
    assertMatchesGroundTruth();
  }

  @Test
  @Order(2)
  void secondReplayLeavesTablesUnchanged() throws IOException {
    Map<String, Long> before = snapshots();
    assertThat(wirelake("ingest", "--data", data.toString(), "--node", "test-node",
        "--pcap", capture("http-basic.pcap").toString())).isZero();
    assertThat(snapshots()).isEqualTo(before);
  }

  @Test
  @Order(3)
  void interruptedRunIsRedoneWithoutDuplicates() throws IOException {
    // The state a kill leaves between the job's final Iceberg commit and recording what it consumed: the plan
    // of the run (from the start of the topic, tables as before the run) and no consumed offsets.
    Path state = data.resolve("state");
    Properties consumed = load(state.resolve("consumed-offsets.properties"));
    Properties plan = new Properties();
    for (String partition : consumed.stringPropertyNames()) {
      plan.setProperty("start." + partition, "0");
      plan.setProperty("stop." + partition, consumed.getProperty(partition));
    }
    try (TableReader t = TableReader.embedded(data)) {
      for (var id : WirelakeTables.fromEventLog()) {
        Table table = t.catalog().loadTable(id);
        plan.setProperty("snapshot." + id.name(), String.valueOf(table.history().get(0).snapshotId()));
      }
    }
    try (var out = Files.newOutputStream(state.resolve("run-plan.properties"))) {
      plan.store(out, null);
    }
    Files.delete(state.resolve("consumed-offsets.properties"));

    assertThat(wirelake("ingest", "--data", data.toString(), "--node", "test-node",
        "--pcap", capture("http-basic.pcap").toString())).isZero();
    assertThat(state.resolve("run-plan.properties")).doesNotExist();
    assertMatchesGroundTruth();
  }

  private static void assertMatchesGroundTruth() throws IOException {
    List<Object> wantRtt = new ArrayList<>();
    for (Map<String, String> s : GroundTruthCsv.rows(capture("http-basic.streams.csv"))) {
      wantRtt.add(Long.parseLong(s.get("initial_rtt_us")));
    }
    List<Object> wantLatency = new ArrayList<>();
    for (Map<String, String> h : GroundTruthCsv.rows(capture("http-basic.http.csv"))) {
      wantLatency.add(Long.parseLong(h.get("latency_us")));
    }
    try (TableReader t = TableReader.embedded(data)) {
      List<Object> rtt = t.column(WirelakeTables.L4_FLOWS, "handshake_rtt_us");
      List<Object> latency = t.column(WirelakeTables.L7_TRANSACTIONS, "latency_us");
      assertThat(rtt).containsExactlyInAnyOrderElementsOf(wantRtt);
      assertThat(latency).containsExactlyInAnyOrderElementsOf(wantLatency);
      // every captured frame is archived once, as captured (http-basic.expected.json: 533 packets)
      assertThat(t.count(WirelakeTables.SEGMENTS)).isEqualTo(533);
    }
  }

  private static Map<String, Long> snapshots() throws IOException {
    Map<String, Long> ids = new HashMap<>();
    try (TableReader t = TableReader.embedded(data)) {
      for (var id : WirelakeTables.fromEventLog()) {
        ids.put(id.name(), t.catalog().loadTable(id).currentSnapshot().snapshotId());
      }
    }
    return ids;
  }

  private static Properties load(Path f) throws IOException {
    Properties p = new Properties();
    try (var in = Files.newInputStream(f)) {
      p.load(in);
    }
    return p;
  }

}
