package io.wirelake.cli;

import io.wirelake.cli.up.UpStack;
import io.wirelake.ingest.live.LiveCapture;
import io.wirelake.mcp.BearerTokens;
import io.wirelake.mcp.HttpSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code wirelake up}: the embedded stack until stopped (Ctrl-C or SIGTERM): broker, the streaming job
 * (unbounded, checkpointing every {@code --checkpoint-interval}), the MCP server, and live capture with
 * {@code --interface}.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Run the embedded stack until stopped: Kafka, the streaming job, the MCP server, and live capture"
        + " with --interface.")
final class UpCommand implements Callable<Integer> {
  @Mixin StackOptions stack;

  @Mixin CaptureOptions capture;

  @Option(names = "--interface", paramLabel = "IF", description = "Capture live on this interface (e.g. eth0, lo, any); needs root or CAP_NET_RAW.")
  String iface;

  @Option(names = "--checkpoint-interval", defaultValue = "5", paramLabel = "SECONDS",
      description = "How often the job checkpoints and commits to the tables: rows become queryable within about this long (default: ${DEFAULT-VALUE}).")
  int checkpointSeconds;

  @Option(names = "--max-out-of-orderness", defaultValue = "2", paramLabel = "SECONDS",
      description = "Disorder between flows the watermarks allow (default: ${DEFAULT-VALUE}).")
  int disorderSeconds;

  @Option(names = "--port", defaultValue = "8765", paramLabel = "P", description = "MCP (Streamable HTTP) port; 0 for any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = HttpSettings.LOOPBACK, paramLabel = "ADDR",
      description = "Address the MCP server listens on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--token", paramLabel = "T", description = "Bearer token MCP clients send (default: env WIRELAKE_TOKEN, else a new random one, printed).")
  String token;

  @Option(names = "--allow-control", description = "Serve the capture control tools (check_capture_status, start_capture, stop_capture) over the local sniffer; needs --interface.")
  boolean allowControl;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Watch this cluster's pods, services and nodes for workload context (default: in-cluster config, KUBECONFIG or ~/.kube/config when present and reachable).")
  java.nio.file.Path kubeconfig;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (checkpointSeconds < 1) {
      throw new IllegalArgumentException("--checkpoint-interval must be at least 1 second, not " + checkpointSeconds);
    }
    if (allowControl && iface == null) {
      throw new IllegalArgumentException("--allow-control controls the local sniffer: give --interface IF too");
    }
    if (iface != null) {
      capture.validate();
      LiveCapture.checkInterface(iface);
    }
    String tokenSource;
    String t;
    if (token != null) {
      t = token;
      tokenSource = "--token";
    } else if (System.getenv("WIRELAKE_TOKEN") != null && !System.getenv("WIRELAKE_TOKEN").isBlank()) {
      t = System.getenv("WIRELAKE_TOKEN");
      tokenSource = "WIRELAKE_TOKEN";
    } else {
      t = BearerTokens.generate();
      tokenSource = "generated for this run";
    }
    Duration interval = Duration.ofSeconds(checkpointSeconds);
    UpStack.Settings settings = new UpStack.Settings(stack.data, stack.bootstrapServers, stack.parallelism, interval,
        Duration.ofSeconds(disorderSeconds), bind, port, t, allowControl,
        iface == null ? null : bootstrap -> capture.settings(iface, bootstrap), kubeconfig, out::println);
    CountDownLatch stopping = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    UpStack up = UpStack.start(settings);
    Thread hook = new Thread(() -> {
      stopping.countDown();
      try {
        stopped.await(180, TimeUnit.SECONDS); // let the main thread stop everything in order
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "up-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean failed = false;
    try {
      out.println();
      out.println("wirelake is up:");
      out.println("  data:        " + stack.data.toAbsolutePath());
      out.println("  Kafka:       " + up.bootstrapServers() + (stack.bootstrapServers == null ? " (embedded broker)" : ""));
      out.println("  job:         unbounded, checkpoint (and table commit) every " + checkpointSeconds
          + " s; checkpoints under " + up.checkpointDir());
      out.println("  MCP:         " + up.mcpUri() + " (Streamable HTTP)" + (allowControl ? ", capture control on" : ""));
      out.println("  token:       " + (tokenSource.startsWith("generated") ? t + " (" + tokenSource + ")" : "from " + tokenSource));
      out.println("  capture:     " + (iface == null ? "none (give --interface IF)"
          : iface + (capture.bpf == null ? "" : " (" + capture.bpf + ")") + " as node " + capture.nodeName()
              + ", buffer " + capture.bufferBytes + " bytes"));
      out.println("Ctrl-C stops it (capture first, then the job with a savepoint, then the broker).");
      while (!stopping.await(1, TimeUnit.SECONDS)) {
        JobStatus status = up.jobStatus();
        if (status.isGloballyTerminalState()) {
          out.println("the streaming job ended: " + status + " (see the log; -Dwirelake.debug=true for details)");
          failed = true;
          break;
        }
      }
    } finally {
      up.close();
      out.println("wirelake stopped");
      stopped.countDown();
      if (stopping.getCount() > 0) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running
        }
      }
    }
    return failed ? 1 : 0;
  }
}
