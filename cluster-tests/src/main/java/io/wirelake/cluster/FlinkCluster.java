package io.wirelake.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * A Flink 2.1 session cluster of separate JVMs started from Flink's own entry points, as the start scripts of a
 * distribution would (flink-dist is not needed): one {@code StandaloneSessionClusterEntrypoint} and any number of
 * {@code TaskManagerRunner}s, each with its own configuration directory ({@code config.yaml}), on loopback ports,
 * with checkpoints on local disk and a fixed-delay restart strategy. Jobs are submitted as a user would, through the
 * JobManager's REST API ({@code /jars/upload}, {@code /jars/:id/run}).
 *
 * <p>Without the start scripts nothing derives a TaskManager's memory, so every memory component is set
 * explicitly and the JVM flags are computed from them here.
 */
public final class FlinkCluster implements AutoCloseable {
  static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  /** What the JVMs need on Java 17 (Flink's config.yaml passes the same through env.java.opts). */
  static final List<String> JAVA17_OPENS = List.of(
      "-XX:+IgnoreUnrecognizedVMOptions",
      "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
      "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.text=ALL-UNNAMED",
      "--add-opens=java.base/java.time=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  /** Sizes of one TaskManager; every memory component of Flink's model, in MiB. */
  public record TaskManagerSpec(int slots, int taskHeapMb, int managedMb, int networkMb) {
    public static TaskManagerSpec small(int slots) {
      return new TaskManagerSpec(slots, 384 * slots, 32, 64);
    }

    int frameworkHeapMb() {
      return 128;
    }

    int frameworkOffHeapMb() {
      return 128;
    }

    int taskOffHeapMb() {
      return 64;
    }

    int metaspaceMb() {
      return 256;
    }

    int overheadMb() {
      return 192;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final String classpath;
  private final TaskManagerSpec spec;
  private final int restPort;
  private final Map<String, String> baseConfig;
  private final ChildJvm jobManager;
  private final List<ChildJvm> taskManagers = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private int started;

  private FlinkCluster(Path dir, String classpath, TaskManagerSpec spec, int restPort, Map<String, String> config,
      ChildJvm jobManager) {
    this.dir = dir;
    this.classpath = classpath;
    this.spec = spec;
    this.restPort = restPort;
    this.baseConfig = config;
    this.jobManager = jobManager;
  }

  /**
   * Starts the JobManager and {@code taskManagers} TaskManagers under {@code dir} and waits until all their slots
   * are registered.
   *
   * @param classpath Flink's runtime class path (what a distribution's lib/ holds)
   * @param extraConfig further {@code config.yaml} entries, overriding the defaults
   */
  public static FlinkCluster start(Path dir, String classpath, int taskManagers, TaskManagerSpec spec,
      Map<String, String> extraConfig, Duration timeout) throws IOException {
    Path root = Files.createDirectories(dir).toAbsolutePath();
    int restPort = Ports.free();
    Map<String, String> config = baseConfig(root, restPort, spec);
    config.putAll(extraConfig);
    Path jmConf = writeConfig(root.resolve("jobmanager"), config);
    ChildJvm jm = ChildJvm.start("jobmanager", classpath, jvmOptions(List.of("-Xms256m", "-Xmx768m",
            "-XX:MaxMetaspaceSize=384m"), root.resolve("jobmanager").resolve("jobmanager.log")),
        JOB_MANAGER_MAIN, List.of("--configDir", jmConf.toString()), Map.of(),
        root.resolve("jobmanager").resolve("jobmanager.out"));
    FlinkCluster cluster = new FlinkCluster(root, classpath, spec, restPort, config, jm);
    try {
      cluster.awaitRest(timeout);
      for (int i = 0; i < taskManagers; i++) {
        cluster.startTaskManager();
      }
      cluster.awaitSlots(taskManagers * spec.slots(), timeout);
    } catch (RuntimeException | IOException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private static Map<String, String> baseConfig(Path root, int restPort, TaskManagerSpec spec) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("jobmanager.rpc.address", "127.0.0.1");
    c.put("jobmanager.rpc.port", String.valueOf(Ports.free()));
    c.put("jobmanager.bind-host", "127.0.0.1");
    c.put("jobmanager.memory.process.size", "1200m");
    c.put("rest.address", "127.0.0.1");
    c.put("rest.bind-address", "127.0.0.1");
    c.put("rest.port", String.valueOf(restPort));
    // room for the shaded job jar (about 130 MB) in one request
    c.put("rest.server.max-content-length", String.valueOf(512L * 1024 * 1024));
    c.put("web.submit.enable", "true");
    c.put("web.upload.dir", root.resolve("jobmanager").resolve("uploads").toString());
    c.put("blob.server.port", "0");
    c.put("taskmanager.host", "127.0.0.1");
    c.put("taskmanager.bind-host", "127.0.0.1");
    c.put("taskmanager.rpc.port", "0");
    c.put("taskmanager.data.port", "0");
    c.put("taskmanager.numberOfTaskSlots", String.valueOf(spec.slots()));
    c.put("taskmanager.cpu.cores", String.valueOf(spec.slots()));
    c.put("taskmanager.memory.task.heap.size", spec.taskHeapMb() + "m");
    c.put("taskmanager.memory.task.off-heap.size", spec.taskOffHeapMb() + "m");
    c.put("taskmanager.memory.framework.heap.size", spec.frameworkHeapMb() + "m");
    c.put("taskmanager.memory.framework.off-heap.size", spec.frameworkOffHeapMb() + "m");
    c.put("taskmanager.memory.managed.size", spec.managedMb() + "m");
    c.put("taskmanager.memory.network.min", spec.networkMb() + "m");
    c.put("taskmanager.memory.network.max", spec.networkMb() + "m");
    c.put("taskmanager.memory.jvm-metaspace.size", spec.metaspaceMb() + "m");
    c.put("taskmanager.memory.jvm-overhead.min", spec.overheadMb() + "m");
    c.put("taskmanager.memory.jvm-overhead.max", spec.overheadMb() + "m");
    c.put("parallelism.default", "1");
    c.put("state.backend.type", "hashmap");
    c.put("execution.checkpointing.dir", root.resolve("checkpoints").toUri().toString());
    c.put("restart-strategy.type", "fixed-delay");
    c.put("restart-strategy.fixed-delay.attempts", "30");
    c.put("restart-strategy.fixed-delay.delay", "2 s");
    // a TaskManager that dies without a word is noticed within seconds, not Flink's default 50 s
    c.put("heartbeat.interval", "1000");
    c.put("heartbeat.timeout", "6000");
    c.put("heartbeat.rpc-failure-threshold", "2");
    c.put("slot.request.timeout", "120000");
    c.put("classloader.check-leaked-classloader", "false");
    return c;
  }

  private static Path writeConfig(Path confDir, Map<String, String> config) throws IOException {
    Files.createDirectories(confDir);
    StringBuilder yaml = new StringBuilder("# written by io.wirelake.cluster.FlinkCluster\n");
    config.forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
    Files.writeString(confDir.resolve("config.yaml"), yaml.toString(), StandardCharsets.UTF_8);
    return confDir;
  }

  private static String quote(String v) {
    return v.matches("[A-Za-z0-9 ._/:-]*") && !v.contains(": ") ? v : "'" + v.replace("'", "''") + "'";
  }

  private static List<String> jvmOptions(List<String> memory, Path logFile) {
    List<String> opts = new ArrayList<>(memory);
    opts.add("-XX:+UseG1GC");
    opts.addAll(JAVA17_OPENS);
    opts.add("-Dlog.file=" + logFile);
    opts.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    opts.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    opts.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn");
    opts.add("-Dorg.slf4j.simpleLogger.log.org.apache.hadoop=warn");
    opts.add("-Dorg.slf4j.simpleLogger.log.org.apache.iceberg=warn");
    opts.add("-Dorg.slf4j.simpleLogger.log.org.apache.flink.runtime.checkpoint=warn");
    return opts;
  }

  /** Starts one more TaskManager with its own configuration directory; returns it (index = start order). */
  public synchronized ChildJvm startTaskManager() throws IOException {
    int n = started++;
    Path tmDir = dir.resolve("taskmanager-" + n);
    Map<String, String> config = new LinkedHashMap<>(baseConfig);
    config.put("io.tmp.dirs", Files.createDirectories(tmDir.resolve("tmp")).toString());
    config.put("taskmanager.resource-id", "tm-" + n + "-" + UUID.randomUUID().toString().substring(0, 8));
    Path conf = writeConfig(tmDir, config);
    int heap = spec.frameworkHeapMb() + spec.taskHeapMb();
    int direct = spec.frameworkOffHeapMb() + spec.taskOffHeapMb() + spec.networkMb();
    ChildJvm tm = ChildJvm.start("taskmanager-" + n, classpath,
        jvmOptions(List.of("-Xms" + heap + "m", "-Xmx" + heap + "m", "-XX:MaxDirectMemorySize=" + direct + "m",
            "-XX:MaxMetaspaceSize=" + spec.metaspaceMb() + "m"), tmDir.resolve("taskmanager.log")),
        TASK_MANAGER_MAIN, List.of("--configDir", conf.toString()), Map.of(), tmDir.resolve("taskmanager.out"));
    taskManagers.add(tm);
    return tm;
  }

  public List<ChildJvm> taskManagers() {
    return List.copyOf(taskManagers);
  }

  public ChildJvm jobManager() {
    return jobManager;
  }

  public Path dir() {
    return dir;
  }

  public String restUrl() {
    return "http://127.0.0.1:" + restPort;
  }

  // ---- REST API -------------------------------------------------------------------------------------------

  /** GET on the JobManager's REST API. */
  public JsonNode get(String path) {
    return send(HttpRequest.newBuilder(URI.create(restUrl() + path)).GET().build());
  }

  private JsonNode send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + r.statusCode()
            + ": " + r.body());
      }
      return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Registered TaskManagers and free slots, from {@code /overview}. */
  public JsonNode overview() {
    return get("/overview");
  }

  public void awaitSlots(int total, Duration timeout) {
    await(timeout, "a cluster with " + total + " registered slots", () -> {
      try {
        return overview().path("slots-total").asInt() == total;
      } catch (RuntimeException notYet) {
        return false;
      }
    });
  }

  private void awaitRest(Duration timeout) {
    await(timeout, "the JobManager's REST API", () -> {
      if (!jobManager.isAlive()) {
        throw new IllegalStateException("the JobManager exited; see " + jobManager.log());
      }
      try {
        overview();
        return true;
      } catch (RuntimeException notYet) {
        return false;
      }
    });
  }

  /** Uploads a job jar ({@code POST /jars/upload}); returns its id for {@link #run}. */
  public String uploadJar(Path jar) throws IOException {
    String boundary = "----wirelake" + UUID.randomUUID();
    String head = "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName() + "\"\r\n"
        + "Content-Type: application/x-java-archive\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl() + "/jars/upload"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .timeout(Duration.ofMinutes(2))
        .POST(HttpRequest.BodyPublishers.concat(
            HttpRequest.BodyPublishers.ofString(head),
            HttpRequest.BodyPublishers.ofFile(jar),
            HttpRequest.BodyPublishers.ofString(tail)))
        .build();
    JsonNode answer = send(request);
    String file = answer.path("filename").asText();
    if (file.isEmpty()) {
      throw new IllegalStateException("upload of " + jar + " answered " + answer);
    }
    return Path.of(file).getFileName().toString();
  }

  /** Runs an uploaded jar ({@code POST /jars/:id/run}); returns the job id. */
  public String run(String jarId, String entryClass, List<String> programArgs, int parallelism) {
    ObjectNode body = JSON.createObjectNode();
    body.put("entryClass", entryClass);
    body.put("parallelism", parallelism);
    var args = body.putArray("programArgsList");
    programArgs.forEach(args::add);
    HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl() + "/jars/" + jarId + "/run"))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofMinutes(3))
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
    String jobId = send(request).path("jobid").asText();
    if (jobId.isEmpty()) {
      throw new IllegalStateException("no job id from /jars/" + jarId + "/run");
    }
    return jobId;
  }

  /** The job's state: CREATED, RUNNING, RESTARTING, FAILING, CANCELED, ... */
  public String jobState(String jobId) {
    return get("/jobs/" + jobId).path("state").asText();
  }

  /** True when every task of the job is RUNNING (not only the job). */
  public boolean allTasksRunning(String jobId) {
    JsonNode job = get("/jobs/" + jobId);
    if (!"RUNNING".equals(job.path("state").asText())) {
      return false;
    }
    for (JsonNode v : job.path("vertices")) {
      if (!"RUNNING".equals(v.path("status").asText())) {
        return false;
      }
    }
    return true;
  }

  /** Completed checkpoints of the job so far. */
  public long completedCheckpoints(String jobId) {
    return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
  }

  /** The job's {@code numRestarts} metric. */
  public long restarts(String jobId) {
    JsonNode metrics = get("/jobs/" + jobId + "/metrics?get=numRestarts");
    for (JsonNode m : metrics) {
      if ("numRestarts".equals(m.path("id").asText())) {
        return Long.parseLong(m.path("value").asText("0"));
      }
    }
    return 0;
  }

  /** The failures the job went through ({@code /jobs/:id/exceptions}), newest first. */
  public List<String> exceptionHistory(String jobId) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries")) {
      String text = e.path("exceptionName").asText() + " on " + e.path("taskName").asText("?") + " at "
          + e.path("endpoint").asText(e.path("location").asText("?"));
      out.add(text);
    }
    return out;
  }

  /** Cancels a job ({@code PATCH /jobs/:id?mode=cancel}) and waits until it is CANCELED. */
  public void cancel(String jobId, Duration timeout) {
    send(HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "?mode=cancel"))
        .method("PATCH", HttpRequest.BodyPublishers.noBody()).build());
    await(timeout, "job " + jobId + " cancelled", () -> {
      String s = jobState(jobId);
      return s.equals("CANCELED") || s.equals("FAILED") || s.equals("FINISHED");
    });
  }

  /** Polls {@code done} every 250 ms until it is true; throws after {@code timeout}. */
  public static void await(Duration timeout, String what, BooleanSupplier done) {
    await(timeout, what, done, () -> "");
  }

  /** The same, with {@code state} (what was seen last) in the message of the timeout. */
  public static void await(Duration timeout, String what, BooleanSupplier done,
      java.util.function.Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        String seen = state.get();
        throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what
            + (seen.isEmpty() ? "" : "; last seen: " + seen));
      }
      Ports.sleep(250);
    }
  }

  @Override
  public void close() {
    for (ChildJvm tm : taskManagers) {
      tm.close();
    }
    jobManager.close();
  }
}
