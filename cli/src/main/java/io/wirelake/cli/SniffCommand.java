package io.wirelake.cli;

import com.sun.net.httpserver.HttpServer;
import io.wirelake.cli.broker.EmbeddedBroker;
import io.wirelake.cli.capture.LocalSniffer;
import io.wirelake.cli.capture.SnifferMetrics;
import io.wirelake.ingest.kafka.TopicSetup;
import io.wirelake.ingest.live.LiveCapture;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

  @Mixin CaptureOptions capture;

  @Option(names = "--interface", required = true, paramLabel = "IF", description = "Interface to capture on, e.g. eth0, lo or any.")
  String iface;

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
    capture.validate();
    LiveCapture.checkInterface(iface);
    EmbeddedBroker broker = null;
    HttpServer http = null;
    LocalSniffer sniffer = null;
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
      sniffer = new LocalSniffer(capture.settings(iface, bootstrap), Duration.ofSeconds(30));
      sniffer.start();
      LocalSniffer c = sniffer;
      if (metricsPort > 0) {
        http = SnifferMetrics.serve(metricsBind, metricsPort, c, c::isCapturing);
        out.println("health and metrics on http://" + metricsBind + ":" + http.getAddress().getPort()
            + "/{healthz,readyz,metrics}");
      }
      out.printf("capturing on %s%s into %s at %s; Ctrl-C to stop%n", iface,
          capture.bpf == null || capture.bpf.isBlank() ? "" : " (" + capture.bpf + ")", capture.topic, bootstrap);
      Thread hook = new Thread(() -> {
        stopped.countDown();
        c.close();
      }, "sniff-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      long deadline = durationSeconds == null ? Long.MAX_VALUE
          : System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
      long every = statsSeconds > 0 ? TimeUnit.SECONDS.toNanos(statsSeconds) : Long.MAX_VALUE;
      long nextStats = System.nanoTime() + every;
      while (c.isCapturing() && stopped.getCount() > 0 && System.nanoTime() - deadline < 0) {
        stopped.await(200, TimeUnit.MILLISECONDS);
        if (System.nanoTime() - nextStats >= 0) {
          out.println(iface + ": " + c.totals());
          nextStats += every;
        }
      }
      boolean failed = !c.isCapturing() && stopped.getCount() > 0 && System.nanoTime() - deadline < 0;
      c.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running
      }
      out.println(iface + ": stopped; " + c.totals());
      if (failed) {
        throw new IllegalStateException("the capture thread on " + iface + " ended unexpectedly (see the log)");
      }
      return 0;
    } finally {
      if (http != null) {
        http.stop(0);
      }
      if (sniffer != null) {
        sniffer.close();
      }
      if (broker != null) {
        broker.close();
      }
    }
  }
}
