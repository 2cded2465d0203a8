package io.wirelake.benchmarks;

import io.wirelake.cli.broker.EmbeddedBroker;
import io.wirelake.cli.pipeline.SourceProducer;
import io.wirelake.cluster.FlinkCluster;
import io.wirelake.cluster.RestCatalogProcess;
import io.wirelake.ingest.capture.CaptureReader;
import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.ingest.kafka.TopicSetup;
import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.table.WirelakeTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Throughput of the pipeline job on a real multi-process Flink session cluster (the launcher of cluster-tests) with
 * one TaskManager (parallelism 1) and with two (parallelism 2), on the same capture already in Kafka, on this
 * machine. The capture is EndToEnd's {@code big.pcap} (built if missing). It is produced once into a KRaft broker
 * (child JVM); each configuration then gets a fresh REST catalog (child JVM) and a fresh cluster, the shaded job jar
 * is submitted through the REST API with a 2 s checkpoint interval, and the clock runs from the moment every task is
 * RUNNING until the last Iceberg commit that completes the tables (all frames archived in {@code net.segments},
 * flows and transactions no longer growing). Packets/s = frames / that time; commits happen on checkpoints, so the
 * figure is exact to about one checkpoint interval. Run with benchmarks/run-cluster-scaling.sh.
 */
public final class ClusterScaling {
  private static final Duration TIMEOUT = Duration.ofMinutes(15);
  private static final List<TableIdentifier> WATCHED =
      List.of(WirelakeTables.SEGMENTS, WirelakeTables.L4_FLOWS, WirelakeTables.L7_TRANSACTIONS);

  private ClusterScaling() {}

  public static void main(String[] args) throws Exception {
    Path root = Paths.get(".").toAbsolutePath().normalize();
    Path work = Paths.get("/tmp/wirelake-bench");
    long minPackets = 200_000;
    int checkpointSeconds = 2;
    int taskHeapMb = 1024;
    int[] configs = {1, 2};
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--root" -> root = Paths.get(args[++i]).toAbsolutePath().normalize();
        case "--work" -> work = Paths.get(args[++i]).toAbsolutePath();
        case "--min-packets" -> minPackets = Long.parseLong(args[++i]);
        case "--checkpoint-interval" -> checkpointSeconds = Integer.parseInt(args[++i]);
        case "--task-heap-mb" -> taskHeapMb = Integer.parseInt(args[++i]);
        case "--task-managers" -> configs =
            java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        case "-h", "--help" -> {
          System.out.println("""
              usage: run-cluster-scaling.sh [--min-packets N (200000)] [--work DIR (/tmp/wirelake-bench)]
                       [--checkpoint-interval S (2)] [--task-heap-mb MB (1024)] [--task-managers 1,2]
              Builds DIR/big.pcap with EndToEnd if missing (or smaller than N packets), then times the job on a
              1-TaskManager and a 2-TaskManager Flink session cluster. Needs flink-jobs' job jar and
              cluster-tests/target/{flink-cluster,test}.classpath (mvn -o -q install -DskipTests -pl flink-jobs;
              mvn -o -q -pl cluster-tests test-compile).""");
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String flinkCp = Files.readString(root.resolve("cluster-tests/target/flink-cluster.classpath")).trim();
    String catalogCp = Files.readString(root.resolve("cluster-tests/target/test.classpath")).trim();
    Path jobJar = jobJar(root);

    EndToEnd.main(new String[] {"--root", root.toString(), "--work", work.toString(), "--build-only",
        "--min-packets", String.valueOf(minPackets)});
    Path big = work.resolve("big.pcap");
    Path dir = work.resolve("cluster-scaling");
    deleteTree(dir);
    Files.createDirectories(dir);
    // one copy for both runs: a concurrent build of flink-jobs rewrites target/ under our feet
    jobJar = Files.copy(jobJar, dir.resolve("wirelake-flink-jobs.jar"));

    List<String> rows = new ArrayList<>();
    try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("broker"), Duration.ofSeconds(90))) {
      TopicSetup.ensureTopics(broker.bootstrapServers(), 4, (short) 1);
      long t0 = System.nanoTime();
      SourceProducer.Result produced = SourceProducer.produce(broker.bootstrapServers(), "cluster-scaling:big",
          "bench-node", frames(big), n -> { });
      long frames = produced.frames();
      System.out.printf(Locale.ROOT, "produced %,d frames of %s into Kafka in %.1f s%n", frames, big,
          (System.nanoTime() - t0) / 1e9);
      int run = 0;
      for (int taskManagers : configs) {
        rows.add(measure(dir.resolve("run" + (++run) + "-tm" + taskManagers), broker, flinkCp, catalogCp, jobJar, taskManagers,
            taskHeapMb, checkpointSeconds, frames));
      }
    }
    System.out.println();
    System.out.println("| TaskManagers x slots | parallelism | frames | time to last commit | packets/s | CPU s: TaskManagers / JobManager / broker | load avg (1 min) at end |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
  }

  private static String measure(Path dir, EmbeddedBroker broker, String flinkCp, String catalogCp, Path jobJar,
      int taskManagers, int taskHeapMb, int checkpointSeconds, long frames) throws Exception {
    System.out.printf("--- %d TaskManager(s), parallelism %d%n", taskManagers, taskManagers);
    FlinkCluster.TaskManagerSpec spec = new FlinkCluster.TaskManagerSpec(1, taskHeapMb, 32, 128);
    try (RestCatalogProcess catalog = RestCatalogProcess.start(dir.resolve("catalog"), catalogCp,
            Duration.ofSeconds(90));
        FlinkCluster cluster = FlinkCluster.start(dir.resolve("flink"), flinkCp, taskManagers, spec, Map.of(),
            Duration.ofSeconds(120))) {
      Catalog reader = CatalogFactory.open(CatalogSettings.fromProperties(new HashMap<>(catalog.clientProperties())));
      String jar = cluster.uploadJar(jobJar);
      List<String> args = new ArrayList<>(List.of("--bootstrap-servers", broker.bootstrapServers(),
          "--checkpoint-interval", String.valueOf(checkpointSeconds)));
      catalog.clientProperties().forEach((k, v) -> args.addAll(List.of("--catalog-property", k + "=" + v)));
      String job = cluster.run(jar, "io.wirelake.flink.job.PipelineJob", args, taskManagers);
      FlinkCluster.await(Duration.ofMinutes(2), "tasks running", () -> cluster.allTasksRunning(job));
      long startMs = System.currentTimeMillis();
      long brokerCpu0 = cpuMs(broker.pid());
      long jmCpu0 = cluster.jobManager().cpuTime().toMillis();
      long tmCpu0 = cluster.taskManagers().stream().mapToLong(t -> t.cpuTime().toMillis()).sum();

      // the last commit that changed a watched table, once the archive is complete and nothing grew for a while
      long[] lastCommitMs = {0};
      long[] lastChangeSeen = {System.currentTimeMillis()};
      Map<TableIdentifier, Long> counts = new HashMap<>();
      FlinkCluster.await(TIMEOUT, "the tables to be complete", () -> {
        boolean changed = false;
        for (TableIdentifier id : WATCHED) {
          Snapshot s = reader.tableExists(id) ? reader.loadTable(id).currentSnapshot() : null;
          long n = s == null ? 0 : Long.parseLong(s.summary().getOrDefault("total-records", "0"));
          Long before = counts.put(id, n);
          if (before == null || before != n) {
            changed = true;
            if (s != null) {
              lastCommitMs[0] = Math.max(lastCommitMs[0], s.timestampMillis());
            }
          }
        }
        long now = System.currentTimeMillis();
        if (changed) {
          lastChangeSeen[0] = now;
        }
        return counts.getOrDefault(WirelakeTables.SEGMENTS, 0L) >= frames
            && now - lastChangeSeen[0] > 4L * checkpointSeconds * 1000;
      });
      long tmCpu = cluster.taskManagers().stream().mapToLong(t -> t.cpuTime().toMillis()).sum() - tmCpu0;
      long jmCpu = cluster.jobManager().cpuTime().toMillis() - jmCpu0;
      long brokerCpu = cpuMs(broker.pid()) - brokerCpu0;
      double seconds = (lastCommitMs[0] - startMs) / 1000.0;
      System.out.printf(Locale.ROOT, "%d TM: %,d frames, %s flows, %s transactions, last commit after %.1f s: "
              + "%,.0f packets/s%n", taskManagers, frames, counts.get(WirelakeTables.L4_FLOWS),
          counts.get(WirelakeTables.L7_TRANSACTIONS), seconds, frames / seconds);
      cluster.cancel(job, Duration.ofSeconds(60));
      if (reader instanceof java.io.Closeable c) {
        c.close();
      }
      return String.format(Locale.ROOT, "| %d x 1 | %d | %,d | %.1f s | %,.0f | %.0f / %.0f / %.0f | %.2f |",
          taskManagers, taskManagers, frames, seconds, frames / seconds, tmCpu / 1000.0, jmCpu / 1000.0,
          brokerCpu / 1000.0, loadAverage());
    }
  }

  private static long cpuMs(long pid) {
    return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toMillis).orElse(0L);
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  static Path jobJar(Path root) throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("flink-jobs/target"))) {
      return files.filter(p -> p.getFileName().toString().matches("wirelake-flink-jobs-.*-job\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException(
              "no job jar in flink-jobs/target: mvn -o -q install -DskipTests -pl flink-jobs"));
    }
  }

  /** The frames of a capture file, read lazily (big.pcap does not fit comfortably in the heap). */
  static Iterator<CapturedFrame> frames(Path file) throws IOException {
    return CaptureReader.open(file).frames();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
