package io.wirelake.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.cli.broker.EmbeddedBroker;
import io.wirelake.ingest.kafka.TopicSetup;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.lakehouse.testing.GroundTruthCsv;
import io.wirelake.lakehouse.testing.TableReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline job on a real multi-process Flink session cluster (a JobManager and two TaskManagers, each its own
 * JVM started from Flink's entry points), reading a KRaft Kafka broker in another JVM and writing Iceberg tables
 * through Apache Iceberg's REST catalog server in a fourth. The shaded job jar is submitted through the REST API
 * with parallelism 2. A shared capture arrives in four Kafka transactions a few seconds apart; after a completed
 * checkpoint with data, one TaskManager is killed with SIGKILL while the rest of the capture is still arriving, and
 * a replacement is started. The job must restart from its checkpoint, and the tables must end with exactly
 * tshark's connections and exchanges: none lost, none twice.
 */
class TaskManagerFailoverTest {
  private static final String CAPTURE = "http-basic";
  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static final int PARTITIONS = 4;

  @TempDir static Path work;
  private static EmbeddedBroker broker;
  private static RestCatalogProcess catalog;
  private static FlinkCluster cluster;

  @BeforeAll
  static void startProcesses() throws IOException {
    broker = EmbeddedBroker.start(work.resolve("broker"), STARTUP);
    TopicSetup.ensureTopics(broker.bootstrapServers(), PARTITIONS, (short) 1);
    catalog = RestCatalogProcess.start(work.resolve("catalog"), System.getProperty("java.class.path"), STARTUP);
    cluster = FlinkCluster.start(work.resolve("flink"), Files.readString(flinkClasspath()).trim(), 2,
        FlinkCluster.TaskManagerSpec.small(1), Map.of(), STARTUP);
  }

  @AfterAll
  static void stopProcesses() {
    // every child JVM also has a shutdown hook; this is the orderly way
    if (cluster != null) {
      cluster.close();
    }
    if (catalog != null) {
      catalog.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void killedTaskManagerCostsNoRowsAndDuplicatesNone() throws Exception {
    List<String> wantTransactions = new ArrayList<>();
    for (Map<String, String> h : GroundTruthCsv.rows(capture(CAPTURE + ".http.csv"))) {
      wantTransactions.add(h.get("method") + " " + h.get("uri") + " " + h.get("status") + " " + h.get("latency_us"));
    }
    List<String> wantFlows = new ArrayList<>();
    for (Map<String, String> s : GroundTruthCsv.rows(capture(CAPTURE + ".streams.csv"))) {
      wantFlows.add(s.get("client_port") + " " + s.get("initial_rtt_us") + " " + s.get("payload_bytes_c2s") + " "
          + s.get("payload_bytes_s2c"));
    }

    String jarId = cluster.uploadJar(Path.of(System.getProperty("wirelake.jobJar")));
    List<String> args = new ArrayList<>(List.of("--bootstrap-servers", broker.bootstrapServers(),
        "--checkpoint-interval", "2"));
    catalog.clientProperties().forEach((k, v) -> args.addAll(List.of("--catalog-property", k + "=" + v)));
    String job = cluster.run(jarId, "io.wirelake.flink.job.PipelineJob", args, 2);
    FlinkCluster.await(STARTUP, "all tasks of job " + job + " running", () -> cluster.allTasksRunning(job));

    try (CaptureChunks capture = new CaptureChunks(capture(CAPTURE + ".pcap"), broker.bootstrapServers(),
        "test-node", 4);
        TableReader tables = new TableReader(CatalogSettings.fromProperties(new HashMap<>(catalog.clientProperties())))) {
      int frames = capture.frames();
      // chunk 1, then a checkpoint that committed some of it
      capture.produceNext();
      FlinkCluster.await(STARTUP, "a checkpoint with the first chunk's rows",
          () -> tables.count(WirelakeTables.SEGMENTS) > 0 && cluster.completedCheckpoints(job) > 0);
      assertThat(tables.count(WirelakeTables.SEGMENTS)).isLessThan(frames);

      // chunk 2 arrives, and a TaskManager dies while it is being processed
      capture.produceNext();
      ChildJvm victim = cluster.taskManagers().get(1);
      long checkpointsBefore = cluster.completedCheckpoints(job);
      long archivedBefore = tables.count(WirelakeTables.SEGMENTS);
      victim.killHard();
      System.out.printf("killed %s (pid %d) with SIGKILL after %d completed checkpoints, %d of %d frames committed%n",
          victim.name(), victim.pid(), checkpointsBefore, archivedBefore, frames);
      assertThat(victim.isAlive()).isFalse();
      Thread.sleep(3000);
      capture.produceNext(); // chunk 3 while the job is down a TaskManager
      cluster.startTaskManager();
      Thread.sleep(3000);
      capture.produceNext(); // chunk 4 (the last) while it recovers
      assertThat(capture.hasMore()).isFalse();
      // nothing follows the capture: the job's event time moves on through the quiet (LiveWatermarks), so the
      // last connections and calls are written without later traffic

      FlinkCluster.await(STARTUP, "job " + job + " restarted and running again",
          () -> cluster.restarts(job) >= 1 && cluster.allTasksRunning(job));
      assertThat(cluster.exceptionHistory(job)).isNotEmpty();
      System.out.printf("job recovered: %d restart(s); failures: %s%n", cluster.restarts(job),
          cluster.exceptionHistory(job));

      FlinkCluster.await(STARTUP, "every frame archived and every exchange committed",
          () -> tables.count(WirelakeTables.SEGMENTS) >= frames
              && tables.count(WirelakeTables.L7_TRANSACTIONS) >= wantTransactions.size()
              && tables.count(WirelakeTables.L4_FLOWS) >= wantFlows.size(),
          () -> "segments " + tables.count(WirelakeTables.SEGMENTS) + "/" + frames + ", transactions "
              + tables.count(WirelakeTables.L7_TRANSACTIONS) + "/" + wantTransactions.size() + ", flows "
              + tables.count(WirelakeTables.L4_FLOWS) + "/" + wantFlows.size());
      // two more checkpoints: anything replayed twice would have been committed by now
      long done = cluster.completedCheckpoints(job);
      FlinkCluster.await(STARTUP, "two more checkpoints", () -> cluster.completedCheckpoints(job) >= done + 2);

      List<String> transactions = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (Record r : tables.rows(WirelakeTables.L7_TRANSACTIONS)) {
        transactions.add(r.getField("method") + " " + r.getField("path") + " " + r.getField("status") + " "
            + r.getField("latency_us"));
        ids.add((String) r.getField("id"));
      }
      List<String> flows = new ArrayList<>();
      for (Record r : tables.rows(WirelakeTables.L4_FLOWS)) {
        flows.add(r.getField("client_port") + " " + r.getField("handshake_rtt_us") + " " + r.getField("bytes_c2s")
            + " " + r.getField("bytes_s2c"));
      }
      assertThat(transactions).hasSize(67).containsExactlyInAnyOrderElementsOf(wantTransactions);
      assertThat(ids).doesNotHaveDuplicates();
      assertThat(flows).hasSize(37).containsExactlyInAnyOrderElementsOf(wantFlows);
      assertThat(tables.count(WirelakeTables.SEGMENTS)).isEqualTo(frames);
      assertThat(frames).isEqualTo(533); // http-basic.expected.json
    } finally {
      cluster.cancel(job, Duration.ofSeconds(60));
    }
  }

  static Path capture(String file) {
    String p = System.getProperty("wirelake.shared");
    Path shared = p != null && Files.isDirectory(Path.of(p)) ? Path.of(p) : Path.of("../../shared");
    return shared.resolve("captures").resolve(file);
  }

  static Path flinkClasspath() {
    String p = System.getProperty("wirelake.flinkClasspath", "target/flink-cluster.classpath");
    return Path.of(p);
  }
}
