package io.wirelake.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wirelake.cli.broker.EmbeddedBroker;
import io.wirelake.ingest.kafka.TopicSetup;
import io.wirelake.ingest.live.CaptureCounters;
import io.wirelake.ingest.live.LiveCapture;
import io.wirelake.ingest.live.LiveCaptureSettings;
import io.wirelake.ingest.live.PrometheusText;
import io.wirelake.schemas.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code wirelake sniff --interface IF}: live capture into Kafka until stopped (or for {@code --duration}), with
 * {@code /healthz}, {@code /readyz} and {@code /metrics} on the metrics port.
 */
@Command(name = "sniff", mixinStandardHelpOptions = true,
    description = "Live capture (libpcap) from an interface into Kafka, until stopped.")
final class SniffCommand implements Callable<Integer> {
  @Mixin StackOptions stack;

  @Option(names = "--interface", required = true, paramLabel = "IF", description = "Interface to capture on, e.g. eth0, lo or any.")
  String iface;

  @Option(names = "--bpf", paramLabel = "EXPR", description = "BPF filter, e.g. \"tcp port 80\" (default: every frame).")
  String bpf;

  @Option(names = "--snaplen", defaultValue = "65535", paramLabel = "N", description = "Bytes captured per frame (default: ${DEFAULT-VALUE}).")
  int snaplen;

  @Option(names = "--promiscuous", description = "Put the interface in promiscuous mode (off by default).")
  boolean promiscuous;

  @Option(names = "--node", paramLabel = "NAME", description = "Node name recorded with the segments (default: this host).")
  String node;

  @Option(names = "--topic", defaultValue = Topics.SEGMENTS, paramLabel = "NAME", description = "Segments topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--buffer-bytes", defaultValue = "67108864", paramLabel = "N",
      description = "Bound of the queue between capture and Kafka; beyond it the oldest frames are dropped (default: ${DEFAULT-VALUE}).")
  long bufferBytes;

  @Option(names = "--linger-ms", defaultValue = "20", paramLabel = "N", description = "Kafka producer linger (default: ${DEFAULT-VALUE}).")
  int lingerMs;

  @Option(names = "--batch-bytes", defaultValue = "262144", paramLabel = "N", description = "Kafka producer batch size (default: ${DEFAULT-VALUE}).")
  int batchBytes;

  @Option(names = "--metrics-port", defaultValue = "9464", paramLabel = "P",
      description = "Port of /healthz, /readyz and /metrics; 0 for none (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--metrics-bind", defaultValue = "127.0.0.1", paramLabel = "ADDR",
      description = "Address the metrics port listens on (default: ${DEFAULT-VALUE}; 0.0.0.0 for probes from outside).")
  String metricsBind;

  @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds (default: until stopped).")
  Long durationSeconds;

  @Option(names = "--stats-seconds", defaultValue = "10", paramLabel = "N", description = "Print the counters every N seconds; 0 for never (default: ${DEFAULT-VALUE}).")
  int statsSeconds;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (snaplen < 64 || snaplen > 262144) {
      throw new IllegalArgumentException("--snaplen must be between 64 and 262144, not " + snaplen);
    }
    if (bufferBytes < snaplen) {
      throw new IllegalArgumentException("--buffer-bytes must hold at least one frame (" + snaplen + " bytes)");
    }
    LiveCapture.checkInterface(iface);
    String nodeName = node != null ? node : Hosts.localName();
    EmbeddedBroker broker = null;
    HttpServer http = null;
    LiveCapture capture = null;
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      String bootstrap = stack.bootstrapServers;
      if (bootstrap == null) {
        Files.createDirectories(stack.data);
        out.println("starting the embedded Kafka broker (log under " + stack.data.resolve("kafka") + ") ...");
        broker = EmbeddedBroker.start(stack.data, Duration.ofSeconds(90));
        bootstrap = broker.bootstrapServers();
        TopicSetup.ensureTopics(bootstrap, 4, (short) 1);
      }
      LiveCaptureSettings settings = LiveCaptureSettings.of(iface, bootstrap, nodeName)
          .withBpf(bpf).withSnaplen(snaplen).withPromiscuous(promiscuous).withQueueBytes(bufferBytes)
          .withProducer(topic, lingerMs, batchBytes).withStatsInterval(Duration.ZERO);
      capture = LiveCapture.start(settings);
      LiveCapture c = capture;
      if (metricsPort > 0) {
        http = metricsServer(c, nodeName);
        out.println("health and metrics on http://" + metricsBind + ":" + http.getAddress().getPort()
            + "/{healthz,readyz,metrics}");
      }
      out.printf("capturing on %s%s into %s at %s; Ctrl-C to stop%n", iface,
          bpf == null || bpf.isBlank() ? "" : " (" + bpf + ")", topic, bootstrap);
      Thread hook = new Thread(() -> {
        stopped.countDown();
        c.stop(Duration.ofSeconds(10));
      }, "sniff-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      long deadline = durationSeconds == null ? Long.MAX_VALUE
          : System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
      long every = statsSeconds > 0 ? TimeUnit.SECONDS.toNanos(statsSeconds) : Long.MAX_VALUE;
      long nextStats = System.nanoTime() + every;
      while (c.isCapturing() && stopped.getCount() > 0 && System.nanoTime() - deadline < 0) {
        stopped.await(200, TimeUnit.MILLISECONDS);
        if (System.nanoTime() - nextStats >= 0) {
          out.println(iface + ": " + c.counters().snapshot());
          nextStats += every;
        }
      }
      boolean failed = !c.isCapturing() && stopped.getCount() > 0 && System.nanoTime() - deadline < 0;
      c.stop(Duration.ofSeconds(30));
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running
      }
      out.println(iface + ": stopped; " + c.counters().snapshot());
      if (failed) {
        throw new IllegalStateException("the capture thread on " + iface + " ended unexpectedly (see the log)");
      }
      return 0;
    } finally {
      if (http != null) {
        http.stop(0);
      }
      if (capture != null) {
        capture.close();
      }
      if (broker != null) {
        broker.close();
      }
    }
  }

  private HttpServer metricsServer(LiveCapture c, String nodeName) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(metricsBind, metricsPort), 16);
    server.createContext("/healthz", ex -> probe(ex, c::isCapturing, "capturing", "capture thread stopped"));
    server.createContext("/readyz", ex -> probe(ex, c::isReady, "ready",
        c.isCapturing() ? "waiting for Kafka" : "not capturing"));
    server.createContext("/metrics", ex -> {
      CaptureCounters.Snapshot s = c.counters().snapshot();
      respond(ex, 200, PrometheusText.CONTENT_TYPE, PrometheusText.render(s, iface, nodeName));
    });
    server.start();
    return server;
  }

  private static void probe(HttpExchange ex, BooleanSupplier ok, String yes, String no) throws IOException {
    boolean up = ok.getAsBoolean();
    respond(ex, up ? 200 : 503, "text/plain; charset=utf-8", (up ? yes : no) + "\n");
  }

  private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }
}
