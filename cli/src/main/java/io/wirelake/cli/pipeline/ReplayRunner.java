package io.wirelake.cli.pipeline;

import io.wirelake.cli.up.UpCheckpoints;
import io.wirelake.flink.enrich.EnrichmentConfig;
import io.wirelake.flink.job.IcebergSinks;
import io.wirelake.flink.job.PipelineJob;
import io.wirelake.flink.job.SegmentArchive;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Runs the pipeline job on an in-process Flink MiniCluster over what the segments and workloads topics hold
 * and the tables do not yet: from the offsets the last finished run consumed up to the topics' current
 * committed end. Workload events are read from the beginning every time, since connections are resolved
 * against all of them; only the new ones become rows.
 *
 * <p>Progress is kept under {@code <data>/state}. Before a run starts it writes its plan: the start and stop
 * offsets and the current snapshot of every table. After the job's final commit it records the stop offsets
 * as consumed and drops the plan. A plan found at start-up means the previous run was killed: its partial
 * commits are rolled back to the planned snapshots and the same range is recomputed from the event log. The
 * tables are derived data and Kafka is the log they are rebuilt from, so replaying never duplicates or loses
 * rows.
 */
public final class ReplayRunner {
  private static final String SNAPSHOT = "snapshot.";

  private final Path stateDir;
  private final Path checkpointDir;
  private final UpCheckpoints upCheckpoints;
  private final String bootstrapServers;
  private final CatalogSettings catalog;
  private final DissectionConfig dissection;
  private final EnrichmentConfig enrichment;
  private final int parallelism;

  public ReplayRunner(Path dataDir, String bootstrapServers, CatalogSettings catalog, DissectionConfig dissection,
      int parallelism) {
    this(dataDir, bootstrapServers, catalog, dissection, EnrichmentConfig.defaults(), parallelism);
  }

  public ReplayRunner(Path dataDir, String bootstrapServers, CatalogSettings catalog, DissectionConfig dissection,
      EnrichmentConfig enrichment, int parallelism) {
    this.enrichment = enrichment;
    this.stateDir = dataDir.resolve("state").toAbsolutePath();
    this.checkpointDir = dataDir.resolve("checkpoints").resolve("replay").toAbsolutePath();
    this.upCheckpoints = new UpCheckpoints(dataDir);
    this.bootstrapServers = bootstrapServers;
    this.catalog = catalog;
    this.dissection = dissection;
    this.parallelism = parallelism;
  }

  /** What a run did: whether it ran, whether it redid an interrupted run, how many offsets it covered. */
  public record Outcome(boolean ran, boolean resumed, long records, Duration took) {}

  /** Processes everything committed to the topics and returns when the tables are committed. */
  public Outcome runToEnd() throws Exception {
    if (upCheckpoints.latest().isPresent()) {
      throw new IllegalStateException("the tables under this --data are kept by `wirelake up` (its job resumes from "
          + upCheckpoints.latest().get() + "), which reads the event log itself: with `up` running, its job takes "
          + "what reaches Kafka; to replay captures into separate tables, use another --data");
    }
    long started = System.nanoTime();
    Files.createDirectories(stateDir);
    Path planFile = stateDir.resolve("run-plan.properties");
    Path consumedFile = stateDir.resolve("consumed-offsets.properties");
    Map<TopicPartition, Long> start;
    Map<TopicPartition, Long> stop;
    boolean resumed = Files.exists(planFile);
    Catalog c = CatalogFactory.open(catalog);
    try {
      WirelakeTables.ensureTables(c);
      if (resumed) {
        Properties plan = load(planFile);
        rollBack(c, plan);
        start = offsets(plan, "start.");
        stop = offsets(plan, "stop.");
      } else {
        Map<TopicPartition, Long> consumed = readOffsets(consumedFile);
        stop = committedEnd();
        start = new HashMap<>();
        for (TopicPartition tp : stop.keySet()) {
          start.put(tp, consumed.getOrDefault(tp, 0L));
        }
        if (start.equals(stop)) {
          return new Outcome(false, false, 0, Duration.ofNanos(System.nanoTime() - started));
        }
        Properties plan = new Properties();
        plan.putAll(toProperties(start, "start."));
        plan.putAll(toProperties(stop, "stop."));
        for (TableIdentifier id : WirelakeTables.fromEventLog()) {
          plan.setProperty(SNAPSHOT + id.name(), String.valueOf(currentSnapshot(c.loadTable(id))));
        }
        store(plan, planFile);
      }
    } finally {
      if (c instanceof java.io.Closeable closeable) {
        closeable.close();
      }
    }
    long records = stop.entrySet().stream().mapToLong(e -> e.getValue() - start.getOrDefault(e.getKey(), 0L)).sum();
    deleteRecursively(checkpointDir);

    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(10));
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
    conf.setString("state.backend.type", "hashmap");
    conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
    conf.setString("taskmanager.memory.managed.size", "64m");
    conf.setString("taskmanager.memory.network.min", "64m");
    conf.setString("taskmanager.memory.network.max", "64m");
    conf.setString("rest.bind-address", "127.0.0.1");
    conf.setString("restart-strategy.type", "none");

    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    IcebergSinks sinks = new IcebergSinks(CatalogFactory.catalogLoader(catalog));
    Map<TopicPartition, Long> segmentsStart = of(start, Topics.SEGMENTS);
    Map<TopicPartition, Long> segmentsStop = of(stop, Topics.SEGMENTS);
    Map<TopicPartition, Long> workloadsStop = of(stop, Topics.WORKLOADS);
    Map<TopicPartition, Long> workloadsFromStart = new HashMap<>(workloadsStop);
    workloadsFromStart.replaceAll((tp, o) -> 0L);
    DataStream<Packet> packets = PipelineJob.kafkaPackets(env, bootstrapServers,
        OffsetsInitializer.offsets(segmentsStart), OffsetsInitializer.offsets(segmentsStop), Duration.ofSeconds(2));
    if (workloadsStop.values().stream().allMatch(o -> o == 0L)) {
      PipelineJob.build(packets, dissection, sinks); // no Kubernetes metadata at all: nothing to wait for
    } else {
      // resolution needs every workload event up to the end, also those earlier runs consumed; the table only
      // the new ones
      PipelineJob.build(packets, PipelineJob.kafkaWorkloads(env, bootstrapServers,
              OffsetsInitializer.offsets(workloadsFromStart), OffsetsInitializer.offsets(workloadsStop),
              "kafka-workloads"),
          dissection, enrichment, sinks);
      sinks.workloads(PipelineJob.kafkaWorkloads(env, bootstrapServers,
          OffsetsInitializer.offsets(of(start, Topics.WORKLOADS)), OffsetsInitializer.offsets(workloadsStop),
          "kafka-workloads-table"));
    }
    sinks.segments(SegmentArchive.fromKafka(env, bootstrapServers, OffsetsInitializer.offsets(segmentsStart),
        OffsetsInitializer.offsets(segmentsStop)));
    env.execute("wirelake replay");

    store(toProperties(stop, ""), consumedFile);
    Files.deleteIfExists(planFile);
    deleteRecursively(checkpointDir);
    return new Outcome(true, resumed, records, Duration.ofNanos(System.nanoTime() - started));
  }

  private static Map<TopicPartition, Long> of(Map<TopicPartition, Long> offsets, String topic) {
    Map<TopicPartition, Long> m = new HashMap<>();
    offsets.forEach((tp, o) -> {
      if (tp.topic().equals(topic)) {
        m.put(tp, o);
      }
    });
    return m;
  }

  /**
   * Every table gets a snapshot before its first run (an empty commit), so that a rollback target always
   * exists.
   */
  private static long currentSnapshot(Table table) {
    if (table.currentSnapshot() == null) {
      table.newAppend().commit();
    }
    return table.currentSnapshot().snapshotId();
  }

  /** Undoes what an interrupted run committed: each table back to the snapshot its plan recorded. */
  private static void rollBack(Catalog c, Properties plan) {
    for (TableIdentifier id : WirelakeTables.fromEventLog()) {
      String planned = plan.getProperty(SNAPSHOT + id.name());
      if (planned == null) {
        continue;
      }
      Table table = c.loadTable(id);
      long snapshot = Long.parseLong(planned);
      if (table.currentSnapshot() != null && table.currentSnapshot().snapshotId() != snapshot) {
        table.manageSnapshots().rollbackTo(snapshot).commit();
      }
    }
  }

  private Map<TopicPartition, Long> committedEnd() {
    Map<String, Object> conf = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(conf)) {
      List<TopicPartition> parts = Stream.of(Topics.SEGMENTS, Topics.WORKLOADS)
          .flatMap(t -> consumer.partitionsFor(t, Duration.ofSeconds(30)).stream())
          .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
      return new HashMap<>(consumer.endOffsets(parts, Duration.ofSeconds(30)));
    }
  }

  /** Offsets stored as {@code <prefix><topic>:<partition>=<offset>}. */
  private static Map<TopicPartition, Long> offsets(Properties p, String prefix) {
    Map<TopicPartition, Long> m = new HashMap<>();
    for (String k : p.stringPropertyNames()) {
      int colon = k.lastIndexOf(':');
      if (k.startsWith(prefix) && colon > prefix.length()) {
        m.put(new TopicPartition(k.substring(prefix.length(), colon), Integer.parseInt(k.substring(colon + 1))),
            Long.parseLong(p.getProperty(k)));
      }
    }
    return m;
  }

  /**
   * What finished replays under {@code dataDir} committed to the tables, per topic partition: where a streaming
   * job over the same tables starts so that it adds only what they do not hold.
   */
  public static Map<TopicPartition, Long> consumedOffsets(Path dataDir) throws IOException {
    return readOffsets(dataDir.resolve("state").resolve("consumed-offsets.properties"));
  }

  private static Map<TopicPartition, Long> readOffsets(Path f) throws IOException {
    return Files.exists(f) ? offsets(load(f), "") : new HashMap<>();
  }

  private static Properties toProperties(Map<TopicPartition, Long> offsets, String prefix) {
    Properties p = new Properties();
    offsets.forEach((tp, o) -> p.setProperty(prefix + tp.topic() + ":" + tp.partition(), String.valueOf(o)));
    return p;
  }

  private static Properties load(Path f) throws IOException {
    Properties p = new Properties();
    try (var in = Files.newInputStream(f)) {
      p.load(in);
    }
    return p;
  }

  /** Writes through a temporary file and an atomic rename, so a crash never leaves half a file. */
  private static void store(Properties p, Path f) throws IOException {
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    try (var out = Files.newOutputStream(tmp)) {
      p.store(out, null);
    }
    Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
