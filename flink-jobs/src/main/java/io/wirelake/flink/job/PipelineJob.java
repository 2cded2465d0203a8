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
import io.wirelake.flink.enrich.EnrichmentConfig;
import io.wirelake.flink.enrich.WorkloadChange;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.common.TopicPartition;

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

    /** The Kubernetes metadata events themselves, for the {@code workloads} table. */
    default void workloads(DataStream<WorkloadChange> changes) {}
  }

  /**
   * {@link #build(DataStream, DataStream, DissectionConfig, EnrichmentConfig, Sinks)} without Kubernetes context:
   * for a replay with no metadata at all, where nothing could resolve, so records leave as soon as they are
   * complete instead of waiting for metadata that cannot come.
   */
  public static void build(DataStream<Packet> packets, DissectionConfig config, Sinks sinks) {
    DataStream<WorkloadChange> none = packets.getExecutionEnvironment()
        .fromData(new WorkloadChange("none", 0, new byte[0])).filter(c -> false).name("no workload events");
    wire(packets, none, config, null, sinks);
  }

  /**
   * Keys packets by flow, reassembles and dissects them, attaches the workloads that {@code workloads} (the
   * Kubernetes metadata events) say their endpoints were, and hands the results to {@code sinks}. Nothing
   * stands between the source and the key-by: a redistributing operator there would reorder a flow's
   * packets, and capture order within a flow is what reassembly and latency depend on.
   */
  public static void build(DataStream<Packet> packets, DataStream<WorkloadChange> workloads, DissectionConfig config,
      EnrichmentConfig enrichment, Sinks sinks) {
    wire(packets, workloads, config, java.util.Objects.requireNonNull(enrichment, "enrichment"), sinks);
  }

  private static void wire(DataStream<Packet> packets, DataStream<WorkloadChange> workloads, DissectionConfig config,
      EnrichmentConfig enrichment, Sinks sinks) {
    SingleOutputStreamOperator<L4Flow> flows = packets
        .keyBy(Packet::flowKey)
        .connect(workloads.broadcast(FlowProcessor.WORKLOADS))
        .process(new FlowProcessor(config, enrichment)).uid("flow-processor").name("reassemble, dissect, enrich");
    DataStream<L7Transaction> transactions = flows.getSideOutput(TRANSACTIONS);
    sinks.flows(flows);
    sinks.transactions(transactions);
    for (Granularity g : Granularity.values()) {
      sinks.latency(g, Aggregates.latency(transactions, g, AGGREGATE_LATENESS_MICROS));
      sinks.handshakes(g, Aggregates.handshakes(flows, g, AGGREGATE_LATENESS_MICROS));
    }
  }

  /**
   * Runs the job unbounded on a Flink cluster (the same jar the CLI embeds): segments from Kafka, tables in the
   * Iceberg catalog the properties describe, exactly once through checkpoints. Arguments:
   * {@code --bootstrap-servers HOST:PORT} (required), {@code --catalog-property key=value} (repeatable, as for
   * {@link io.wirelake.lakehouse.catalog.CatalogSettings#fromProperties}; e.g. {@code type=rest},
   * {@code uri=...}, {@code warehouse=s3://...}), {@code --checkpoint-interval SECONDS} (default 30),
   * {@code --max-out-of-orderness SECONDS} (default 2), {@code --cluster-cidr CIDR} (repeatable: pod and service
   * ranges beyond those learned from the metadata), {@code --workload-lateness SECONDS} (default 2: how late a
   * workload event may arrive and still claim earlier traffic).
   */
  public static void main(String[] args) throws Exception {
    String bootstrap = null;
    java.util.Map<String, String> catalog = new java.util.HashMap<>();
    long checkpointSeconds = 30;
    long disorderSeconds = 2;
    long latenessSeconds = 2;
    List<String> clusterCidrs = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      if (v == null) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      switch (a) {
        case "--bootstrap-servers" -> bootstrap = v;
        case "--catalog-property" -> {
          int eq = v.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--catalog-property takes key=value, not " + v);
          }
          catalog.put(v.substring(0, eq), v.substring(eq + 1));
        }
        case "--checkpoint-interval" -> checkpointSeconds = Long.parseLong(v);
        case "--max-out-of-orderness" -> disorderSeconds = Long.parseLong(v);
        case "--cluster-cidr" -> clusterCidrs.add(v);
        case "--workload-lateness" -> latenessSeconds = Long.parseLong(v);
        default -> throw new IllegalArgumentException("unknown argument " + a + "; use --bootstrap-servers, "
            + "--catalog-property, --checkpoint-interval, --max-out-of-orderness, --cluster-cidr, --workload-lateness");
      }
      i++;
    }
    if (bootstrap == null || catalog.isEmpty()) {
      throw new IllegalArgumentException("--bootstrap-servers and at least one --catalog-property are required");
    }
    io.wirelake.lakehouse.catalog.CatalogSettings settings =
        io.wirelake.lakehouse.catalog.CatalogSettings.fromProperties(catalog);
    org.apache.iceberg.catalog.Catalog c = io.wirelake.lakehouse.catalog.CatalogFactory.open(settings);
    io.wirelake.lakehouse.table.WirelakeTables.ensureTables(c);
    if (c instanceof java.io.Closeable closeable) {
      closeable.close();
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(checkpointSeconds * 1000, org.apache.flink.core.execution.CheckpointingMode.EXACTLY_ONCE);
    wireKafkaToIceberg(env, bootstrap, settings, DissectionConfig.defaults(),
        new EnrichmentConfig(clusterCidrs, latenessSeconds * 1_000_000L), Duration.ofSeconds(disorderSeconds),
        java.util.Map.of());
    env.execute("wirelake pipeline");
  }

  /**
   * The unbounded production wiring on {@code env}: segments and workload events from Kafka, every table of the
   * event log in the Iceberg catalog {@code catalog} describes. Checkpointing must be enabled on {@code env}:
   * the sinks commit on checkpoints, and a job restored from a checkpoint or savepoint continues from its
   * positions. A fresh job reads from {@code start} (offsets per topic partition already in the tables, e.g.
   * from earlier replays; partitions not named, and everything when it is empty, from the beginning). Workload
   * events are always read from the beginning for resolution; only those from {@code start} become rows.
   */
  public static void wireKafkaToIceberg(StreamExecutionEnvironment env, String bootstrap,
      io.wirelake.lakehouse.catalog.CatalogSettings catalog, DissectionConfig dissection, EnrichmentConfig enrichment,
      Duration outOfOrderness, java.util.Map<TopicPartition, Long> start) {
    IcebergSinks sinks = new IcebergSinks(io.wirelake.lakehouse.catalog.CatalogFactory.catalogLoader(catalog));
    OffsetsInitializer from = start.isEmpty() ? OffsetsInitializer.earliest()
        : OffsetsInitializer.offsets(start, org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST);
    build(kafkaPackets(env, bootstrap, from, null, outOfOrderness),
        kafkaWorkloads(env, bootstrap, OffsetsInitializer.earliest(), null, "kafka-workloads"),
        dissection, enrichment, sinks);
    sinks.workloads(kafkaWorkloads(env, bootstrap, from, null, "kafka-workloads-table"));
    sinks.segments(SegmentArchive.fromKafka(env, bootstrap, from, null));
  }

  /**
   * Kubernetes workload events from the Kafka topic with event time from the events. {@code stop} null reads
   * without end. An empty or quiet topic is marked idle so that it never holds back the packets' watermark.
   */
  public static DataStream<WorkloadChange> kafkaWorkloads(StreamExecutionEnvironment env, String bootstrapServers,
      OffsetsInitializer start, OffsetsInitializer stop, String uid) {
    KafkaSourceBuilder<WorkloadChange> builder = KafkaSource.<WorkloadChange>builder()
        .setBootstrapServers(bootstrapServers)
        .setTopics(Topics.WORKLOADS)
        .setGroupId("wirelake-" + uid)
        .setStartingOffsets(start)
        .setDeserializer(new WorkloadDeserializer())
        .setProperty("isolation.level", "read_committed")
        .setProperty("commit.offsets.on.checkpoint", "false");
    if (stop != null) {
      builder.setBounded(stop);
    }
    WatermarkStrategy<WorkloadChange> watermarks = WatermarkStrategy
        .<WorkloadChange>forBoundedOutOfOrderness(Duration.ofSeconds(1))
        .withTimestampAssigner((w, ignored) -> Math.floorDiv(w.tsMicros(), 1000))
        .withIdleness(Duration.ofSeconds(5));
    return env.fromSource(builder.build(), watermarks, uid).uid(uid).setParallelism(1);
  }

  /** How long a partition of live traffic may be quiet before its event time moves on with the wall clock. */
  static final long LIVE_QUIET_MILLIS = 1_000;

  /**
   * Segments from the Kafka topic with event time from the packets. {@code stop} null reads without end, and
   * event time moves on through quiet periods ({@link LiveWatermarks}); otherwise the source is bounded (a
   * replay) and event time is the packets' alone. Only committed records are read.
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
    WatermarkStrategy<Packet> watermarks = stop == null
        ? WatermarkStrategy.<Packet>forGenerator(
                ctx -> new LiveWatermarks(outOfOrderness.toMillis(), LIVE_QUIET_MILLIS))
            .withTimestampAssigner((p, ignored) -> Math.floorDiv(p.tsMicros(), 1000))
        : WatermarkStrategy.<Packet>forBoundedOutOfOrderness(outOfOrderness)
            .withTimestampAssigner((p, ignored) -> Math.floorDiv(p.tsMicros(), 1000))
            .withIdleness(Duration.ofSeconds(30));
    return env.fromSource(builder.build(), watermarks, "kafka segments").uid("kafka-segments");
  }
}
