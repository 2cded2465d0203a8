package io.wirelake.cli;

import io.wirelake.cli.capture.DaemonSetCaptureControl;
import io.wirelake.k8s.KubeClients;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.mcp.CaptureControl;
import io.wirelake.mcp.HttpEndpoint;
import io.wirelake.mcp.HttpSettings;
import io.wirelake.mcp.WirelakeMcpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wirelake mcp (--stdio | --http PORT)}: the MCP server alone, over existing tables. */
@Command(name = "mcp", mixinStandardHelpOptions = true,
    description = "Serve the Model Context Protocol over the existing tables: on stdin/stdout (--stdio) or Streamable HTTP (--http PORT).")
final class McpCommand implements Callable<Integer> {

  static final class Transport {
    @Option(names = "--stdio", required = true, description = "Serve one client on stdin/stdout (logs go to stderr).")
    boolean stdio;

    @Option(names = "--http", required = true, paramLabel = "PORT", description = "Serve Streamable HTTP on this port (0 = any free port), path /mcp.")
    Integer httpPort;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Transport transport;

  @Option(names = "--data", defaultValue = "./data", paramLabel = "DIR", description = "Data folder (default: ${DEFAULT-VALUE}).")
  Path data;

  @Mixin CatalogOption catalogOption;

  @Option(names = "--token", paramLabel = "T", description = "Bearer token HTTP clients must send (default: env WIRELAKE_TOKEN).")
  String token;

  @Option(names = "--bind", defaultValue = HttpSettings.LOOPBACK, paramLabel = "ADDR",
      description = "Address to listen on with --http (default: ${DEFAULT-VALUE}, this machine only).")
  String bind;

  @Option(names = "--now", paramLabel = "INSTANT",
      description = "What 'now' is for relative windows (now-1h, today), e.g. the end of a replayed capture (default: the clock).")
  Instant now;

  @Option(names = "--stateless", description = "With --http: no sessions, so several replicas can serve behind a load balancer.")
  boolean stateless;

  @Option(names = "--allow-control", description = "Serve the capture control tools (check_capture_status, start_capture, stop_capture) over the sniffer DaemonSet named by --sniffer-daemonset.")
  boolean allowControl;

  @Option(names = "--sniffer-daemonset", paramLabel = "NAME", description = "With --allow-control: the sniffer DaemonSet to switch (the chart passes its own).")
  String snifferDaemonSet;

  @Option(names = "--namespace", paramLabel = "NS", description = "Namespace of the sniffer DaemonSet (default: this pod's namespace in a cluster, else default).")
  String namespace;

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig for capture control (default: the pod's service account in a cluster, else KUBECONFIG or ~/.kube/config).")
  Path kubeconfig;

  private Clock clock() {
    return now == null ? Clock.systemUTC() : Clock.fixed(now, ZoneOffset.UTC);
  }

  @Override
  public Integer call() throws Exception {
    if (catalogOption.properties.isEmpty() && !Files.isDirectory(data.resolve("catalog"))) {
      throw new IllegalArgumentException("no wirelake tables under " + data
          + "; run ./wirelake demo or ./wirelake ingest first, or pass --data");
    }
    CatalogSettings catalog = catalogOption.settings(data);
    CaptureControl control = captureControl();
    if (transport.stdio) {
      if (stateless) {
        throw new IllegalArgumentException("--stateless applies to --http only");
      }
      try (WirelakeMcpServer server = withControl(new WirelakeMcpServer(catalog, clock()), control)) {
        server.serveStdio();
      }
      return 0;
    }
    String t = token != null ? token : System.getenv("WIRELAKE_TOKEN");
    if (t == null || t.isBlank()) {
      throw new IllegalArgumentException("MCP over HTTP needs a token: pass --token T or set WIRELAKE_TOKEN"
          + " (e.g. export WIRELAKE_TOKEN=$(openssl rand -hex 32)); clients send 'Authorization: Bearer <token>'");
    }
    WirelakeMcpServer server = withControl(new WirelakeMcpServer(catalog, clock()), control);
    HttpEndpoint endpoint;
    try {
      endpoint = server.serveHttp(new HttpSettings(bind, transport.httpPort, t, stateless, HttpSettings.DEFAULT_MAX_BODY_BYTES));
    } catch (Exception e) {
      server.close();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      endpoint.close();
      server.close();
    }, "wirelake-mcp-shutdown"));
    System.out.println("wirelake MCP server (Streamable HTTP" + (stateless ? ", stateless" : "") + ") on " + endpoint.uri()
        + "; clients send 'Authorization: Bearer <token>'. Ctrl-C stops it.");
    if (!HttpSettings.LOOPBACK.equals(bind) && !"localhost".equals(bind) && !"::1".equals(bind)) {
      System.err.println("warning: listening on " + bind + ", reachable from other machines; the token is the only protection (no TLS)");
    }
    endpoint.join();
    return 0;
  }

  private static WirelakeMcpServer withControl(WirelakeMcpServer server, CaptureControl control) {
    return control == null ? server : server.allowControl(control);
  }

  /** The DaemonSet control {@code --allow-control} asks for, or null; fails early on missing options. */
  private CaptureControl captureControl() throws java.io.IOException {
    if (!allowControl) {
      if (snifferDaemonSet != null) {
        throw new IllegalArgumentException("--sniffer-daemonset is used with --allow-control only");
      }
      return null;
    }
    if (snifferDaemonSet == null || snifferDaemonSet.isBlank()) {
      throw new IllegalArgumentException("--allow-control needs --sniffer-daemonset NAME (the sniffer DaemonSet to"
          + " switch); for the embedded stack's own sniffer use ./wirelake up --interface IF --allow-control");
    }
    io.kubernetes.client.openapi.ApiClient client = KubeClients.connect(kubeconfig, null);
    return new DaemonSetCaptureControl(client, namespace != null ? namespace : defaultNamespace(), snifferDaemonSet);
  }

  private static String defaultNamespace() throws java.io.IOException {
    Path f = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
    return Files.isRegularFile(f) ? Files.readString(f).trim() : "default";
  }
}
