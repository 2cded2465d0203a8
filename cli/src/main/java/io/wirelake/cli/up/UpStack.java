package io.wirelake.cli.up;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.wirelake.cli.broker.EmbeddedBroker;
import io.wirelake.cli.capture.EmbeddedCaptureControl;
import io.wirelake.cli.capture.LocalSniffer;
import io.wirelake.cli.pipeline.ReplayRunner;
import io.wirelake.flink.job.PipelineJob;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.ingest.kafka.TopicSetup;
import io.wirelake.ingest.kafka.WorkloadProducer;
import io.wirelake.ingest.live.LiveCaptureSettings;
import io.wirelake.k8s.KubeClients;
import io.wirelake.k8s.MetadataWatcher;
import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.mcp.HttpEndpoint;
import io.wirelake.mcp.HttpSettings;
import io.wirelake.mcp.WirelakeMcpServer;
import io.wirelake.schemas.Topics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.Catalog;
import org.apache.kafka.common.TopicPartition;

/**
 * The long-running embedded stack of {@code wirelake up}: the Kafka broker (or the user's Kafka), the topics, the
 * streaming job unbounded on an in-process Flink MiniCluster with retained checkpoints under
 * {@code <data>/checkpoints/up}, the MCP server over Streamable HTTP, and the local sniffer when an interface is
 * given. A start resumes the job from the newest completed checkpoint or savepoint, so stopping and starting again
 * neither loses nor repeats rows. {@link #close} stops in order: capture (its queue drained to Kafka), the job
 * (stop-with-savepoint, else a cancel that keeps the last checkpoint), the MCP server, the broker.
 */
public final class UpStack implements AutoCloseable {

  /**
   * What to run.
   *
   * @param data the data folder
   * @param bootstrapServers an existing Kafka, or null for the embedded broker under {@code data}
   * @param parallelism Flink parallelism
   * @param checkpointInterval how often the job checkpoints, and so commits to the tables
   * @param outOfOrderness the watermark's allowed disorder between flows
   * @param bind the MCP server's address
   * @param mcpPort the MCP server's port (0 = any free port)
   * @param token the bearer token MCP clients send
   * @param allowControl whether the capture control tools are served (needs {@code capture})
   * @param capture the live capture settings for a bootstrap address, or null for no capture
   * @param kubeconfig the cluster whose metadata to watch, or null for the default configuration if any
   * @param log where progress lines go
   */
  public record Settings(Path data, String bootstrapServers, int parallelism, Duration checkpointInterval,
      Duration outOfOrderness, String bind, int mcpPort, String token, boolean allowControl,
      Function<String, LiveCaptureSettings> capture, Path kubeconfig, Consumer<String> log) {}

  private final Settings settings;
  private final UpCheckpoints checkpoints;
  private EmbeddedBroker broker;
  private String bootstrap;
  private JobClient job;
  private Path resumedFrom;
  private WirelakeMcpServer mcp;
  private HttpEndpoint endpoint;
  private LocalSniffer sniffer;
  private AutoCloseable watcher;
  private boolean closed;

  private UpStack(Settings settings) {
    this.settings = settings;
    this.checkpoints = new UpCheckpoints(settings.data());
  }

  /** Starts everything; on failure stops what it started and rethrows. */
  public static UpStack start(Settings settings) throws Exception {
    UpStack stack = new UpStack(settings);
    try {
      stack.startAll();
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    Path data = settings.data().toAbsolutePath();
    Files.createDirectories(data);
    if (settings.bootstrapServers() == null) {
      settings.log().accept("starting the embedded Kafka broker (log under " + data.resolve("kafka") + ") ...");
      broker = EmbeddedBroker.start(data, Duration.ofSeconds(90));
      bootstrap = broker.bootstrapServers();
    } else {
      bootstrap = settings.bootstrapServers();
    }
    TopicSetup.ensureTopics(bootstrap, 4, (short) 1);
    CatalogSettings catalog = CatalogSettings.embedded(data);
    Catalog c = CatalogFactory.open(catalog);
    try {
      WirelakeTables.ensureTables(c);
    } finally {
      if (c instanceof java.io.Closeable closeable) {
        closeable.close();
      }
    }
    startJob(catalog);
    mcp = new WirelakeMcpServer(catalog, Clock.systemUTC());
    if (settings.capture() != null) {
      sniffer = new LocalSniffer(settings.capture().apply(bootstrap), Duration.ofSeconds(30));
      if (settings.allowControl()) {
        mcp.allowControl(new EmbeddedCaptureControl(sniffer));
      }
    }
    endpoint = mcp.serveHttp(new HttpSettings(settings.bind(), settings.mcpPort(), settings.token(), false,
        HttpSettings.DEFAULT_MAX_BODY_BYTES));
    if (sniffer != null) {
      sniffer.start();
    }
    watcher = startMetadataWatcher();
  }

  private void startJob(CatalogSettings catalog) throws Exception {
    Optional<Path> latest = checkpoints.latest();
    checkpoints.pruneAllBut(latest.orElse(null));
    Files.createDirectories(checkpoints.checkpointDir());
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, settings.checkpointInterval());
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.checkpointDir().toUri().toString());
    conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    conf.setString("execution.checkpointing.num-retained", "1");
    conf.setString("state.backend.type", "hashmap");
    conf.set(CoreOptions.DEFAULT_PARALLELISM, settings.parallelism());
    conf.setString("taskmanager.memory.managed.size", "64m");
    conf.setString("taskmanager.memory.network.min", "64m");
    conf.setString("taskmanager.memory.network.max", "64m");
    conf.setString("rest.bind-address", "127.0.0.1");
    if (latest.isPresent()) {
      resumedFrom = latest.get();
      conf.setString("execution.state-recovery.path", resumedFrom.toUri().toString());
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(settings.parallelism(), conf);
    env.enableCheckpointing(settings.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    // a fresh job starts where the replays of this data dir (demo, ingest) left the tables
    Map<TopicPartition, Long> replayed = latest.isPresent() ? Map.of() : ReplayRunner.consumedOffsets(settings.data());
    PipelineJob.wireKafkaToIceberg(env, bootstrap, catalog, DissectionConfig.defaults(),
        io.wirelake.flink.enrich.EnrichmentConfig.defaults(), settings.outOfOrderness(), replayed);
    job = env.executeAsync("wirelake up");
    settings.log().accept(resumedFrom == null
        ? "streaming job started (no earlier checkpoint: reading the event log from "
            + (replayed.isEmpty() ? "its start)" : "where the replays of this --data left it)")
        : "streaming job resumed from " + resumedFrom);
  }

  /**
   * The Kubernetes metadata watcher ({@code io.wirelake.k8s.MetadataWatcher}), producing workload events to the
   * workloads topic, when a cluster is configured ({@code --kubeconfig}, in-cluster service account,
   * {@code KUBECONFIG} or {@code ~/.kube/config}) and its API server answers; otherwise null and the stack runs
   * without Kubernetes context.
   */
  private AutoCloseable startMetadataWatcher() {
    boolean configured = settings.kubeconfig() != null || System.getenv("KUBERNETES_SERVICE_HOST") != null
        || (System.getenv("KUBECONFIG") != null && !System.getenv("KUBECONFIG").isBlank())
        || Files.isRegularFile(Path.of(System.getProperty("user.home"), ".kube", "config"));
    if (!configured) {
      settings.log().accept("no Kubernetes configuration: running without workload context");
      return null;
    }
    WorkloadProducer producer = null;
    try {
      ApiClient client = KubeClients.connect(settings.kubeconfig(), null);
      client.setConnectTimeout(3_000);
      new VersionApi(client).getCode().execute(); // reachable?
      producer = new WorkloadProducer(bootstrap, Topics.WORKLOADS);
      WorkloadProducer p = producer;
      MetadataWatcher w = MetadataWatcher.start(client, Clock.systemUTC(), p);
      settings.log().accept("watching Kubernetes metadata at " + w.server() + " into " + Topics.WORKLOADS);
      return () -> {
        try {
          w.close();
        } finally {
          p.close();
        }
      };
    } catch (Exception e) {
      if (producer != null) {
        producer.close();
      }
      settings.log().accept("no Kubernetes cluster reachable (" + rootMessage(e)
          + "): running without workload context");
      return null;
    }
  }

  public String bootstrapServers() {
    return bootstrap;
  }

  /** The MCP endpoint's URL. */
  public URI mcpUri() {
    return endpoint.uri();
  }

  /** The checkpoint or savepoint this run resumed from, if any. */
  public Optional<Path> resumedFrom() {
    return Optional.ofNullable(resumedFrom);
  }

  /** Where checkpoints are kept. */
  public Path checkpointDir() {
    return checkpoints.checkpointDir();
  }

  /** The local sniffer, or null without capture. */
  public LocalSniffer sniffer() {
    return sniffer;
  }

  /** The broker's process id, or -1 when the Kafka is the user's. */
  public long brokerPid() {
    return broker == null ? -1 : broker.pid();
  }

  /** The job's status now; a terminal status while the stack should run means it failed. */
  public JobStatus jobStatus() throws Exception {
    return job.getJobStatus().get(30, TimeUnit.SECONDS);
  }

  /** Stops capture, the job, the MCP server and the broker, in that order; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (sniffer != null) {
      settings.log().accept("stopping capture; " + "sending what is queued to Kafka ...");
      sniffer.close();
      settings.log().accept("capture: " + sniffer.totals());
    }
    if (watcher != null) {
      try {
        watcher.close();
      } catch (Exception e) {
        settings.log().accept("the metadata watcher did not stop cleanly: " + e.getMessage());
      }
    }
    if (job != null) {
      stopJob();
    }
    if (endpoint != null) {
      endpoint.close();
    }
    if (mcp != null) {
      mcp.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private void stopJob() {
    try {
      JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
      if (status.isGloballyTerminalState()) {
        return;
      }
      String savepoint = job.stopWithSavepoint(false, checkpoints.savepointDir().toUri().toString(),
          SavepointFormatType.CANONICAL).get(120, TimeUnit.SECONDS);
      settings.log().accept("streaming job stopped with a savepoint at " + savepoint);
    } catch (Exception e) {
      settings.log().accept("stop-with-savepoint did not complete (" + rootMessage(e)
          + "); cancelling, the newest checkpoint is kept for the next start");
      try {
        job.cancel().get(60, TimeUnit.SECONDS);
      } catch (Exception again) {
        settings.log().accept("cancelling the job failed too: " + rootMessage(again));
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

}
