package io.wirelake.cli;

import io.wirelake.cli.pipeline.SourceProducer;
import io.wirelake.ingest.generate.GeneratorConfig;
import io.wirelake.ingest.generate.PlantedChanges;
import io.wirelake.ingest.generate.TrafficGenerator;
import io.wirelake.k8s.SnapshotEvents;
import io.wirelake.mcp.BearerTokens;
import io.wirelake.mcp.HttpEndpoint;
import io.wirelake.mcp.HttpSettings;
import io.wirelake.mcp.WirelakeMcpServer;
import io.wirelake.schemas.WorkloadEvent;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code wirelake demo}: the whole pipeline on the embedded default, fed by the traffic generator of a
 * virtual cluster, so it needs no capture file and no privileges.
 *
 * <p>The generator plays a history of {@code --days} whole days (default 2) from the fixed {@link #DEMO_START_MICROS},
 * 2026-11-28T00:00:00Z, to {@code DEMO_START + days}: the request rate follows the time of day, and from 14:00 UTC
 * of the last day on the generator plants known changes ({@link PlantedChanges}: a payments latency tail, 500s on
 * catalog {@code GET /api/v1/catalog/{id}}, checkout newly calling users). With the defaults, "today" in the demo
 * data is 2026-11-29 and "yesterday" 2026-11-28, whatever the date of the run, and the same options always produce
 * the same frames and rows.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate a virtual cluster's HTTP traffic over whole days and run it through Kafka, Flink and Iceberg; print a summary.")
final class DemoCommand implements Callable<Integer> {
  /** 2026-11-28T00:00:00Z: the fixed start of the demo history, so every run produces the same frames and rows. */
  static final long DEMO_START_MICROS = 1_795_824_000_000_000L;

  @Mixin StackOptions stack;

  @Option(names = "--requests", defaultValue = "100000", description = "HTTP requests over the whole history, within a few percent (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--days", defaultValue = "2", description = "Whole days of history, ending at the fixed start plus this many days (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--services", defaultValue = "8", description = "Services in the virtual cluster, at least 5 (default: ${DEFAULT-VALUE}).")
  int services;

  @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--node", defaultValue = "demo-node-1", description = "Node name of the generated capture.")
  String node;

  @Option(names = "--no-serve", description = "Stop after the summary instead of serving MCP.")
  boolean noServe;

  @Option(names = "--port", defaultValue = "8765", description = "Port of the MCP server on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (days < 1 || requests < days) {
      throw new IllegalArgumentException("--days must be at least 1 and --requests at least --days");
    }
    stack.enrichment();
    GeneratorConfig config = GeneratorConfig.history(seed, DEMO_START_MICROS, days, requests / days, services);
    String sourceId = String.format("generator-v2-history-seed%d-req%d-svc%d-days%d@%s", seed, requests, services, days, node);
    try (PipelineSession session = new PipelineSession(stack, out)) {
      TrafficGenerator generator = new TrafficGenerator(config);
      PlantedChanges planted = generator.plantedChanges().orElseThrow();
      List<WorkloadEvent> metadata = new ArrayList<>(generator.workloadEvents());
      metadata.addAll(SnapshotEvents.fromArguments(stack.k8s, config.startMicros()));
      session.publishWorkloads(metadata);
      out.printf("generating about %,d requests across %d services over %d day(s), %s to %s (seed %d) ...%n",
          config.requests(), services, days, day(config.startMicros()), day(config.endMicros() - 1), seed);
      SourceProducer.Result r;
      try (Progress progress = new Progress("demo traffic", -1, "frames")) {
        r = session.produce(sourceId, node, generator, progress);
      }
      out.println(r.alreadyComplete()
          ? "the demo traffic is already in the event log; not produced again"
          : String.format("produced %,d segments to Kafka", r.produced()));
      session.commit();
      new Summary(stack.catalog()).print(out);
      printPlanted(out, planted);
    }
    out.println();
    out.println("Ask SQL questions:  ./wirelake sql --data " + stack.data
        + " \"SELECT method, route, status, latency_us FROM net.l7_transactions ORDER BY latency_us DESC LIMIT 10\"");
    if (noServe) {
      return 0;
    }
    // "now" for the tools is the last second of the demo's history, so "today" is its last day, "yesterday" the
    // one before and "now-1h" its last hour
    Instant now = Instant.ofEpochSecond(config.endMicros() / 1_000_000 - 1);
    String token = System.getenv("WIRELAKE_TOKEN") != null ? System.getenv("WIRELAKE_TOKEN") : BearerTokens.generate();
    WirelakeMcpServer server = new WirelakeMcpServer(stack.catalog(), Clock.fixed(now, ZoneOffset.UTC));
    HttpEndpoint endpoint = server.serveHttp(new HttpSettings(HttpSettings.LOOPBACK, port, token, false,
        HttpSettings.DEFAULT_MAX_BODY_BYTES));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      endpoint.close();
      server.close();
    }, "wirelake-mcp-shutdown"));
    out.println();
    out.println("MCP server (Streamable HTTP) on " + endpoint.uri() + ", its clock at " + now + " (the end of the demo data)");
    out.println("  token: " + token);
    out.println("  connect a client, e.g. in its MCP configuration:");
    out.println("    {\"mcpServers\": {\"wirelake\": {\"url\": \"" + endpoint.uri()
        + "\", \"headers\": {\"Authorization\": \"Bearer " + token + "\"}}}}");
    out.println("  or over stdio: ./wirelake mcp --stdio --data " + stack.data + " --now " + now);
    out.println("  then ask: \"compare today's latency with yesterday's afternoon\". Ctrl-C stops the server.");
    endpoint.join();
    return 0;
  }

  private static void printPlanted(PrintStream out, PlantedChanges p) {
    out.println();
    out.printf("planted from %s on (compare with the day before):%n", Instant.ofEpochSecond(p.sinceMicros() / 1_000_000));
    out.printf("  %s: %.0f%% of calls about %d ms slower (p99 up, p50 about the same)%n",
        p.slowTail().service().name(), p.slowTail().share() * 100, p.slowTail().extraMedianMicros() / 1000);
    out.printf("  %s %s %s: about 15%% %d responses instead of about 1%%%n",
        p.errorBurst().service().name(), p.errorBurst().method(), p.errorBurst().route(), p.errorBurst().status());
    out.printf("  %s %s starts calling %s %s%n", p.newCaller().caller().name(), p.newCaller().caller().podIps(),
        p.newCaller().callee().name(), p.newCaller().callee().podIps());
  }

  private static String day(long micros) {
    return Instant.ofEpochSecond(micros / 1_000_000).toString().substring(0, 10);
  }
}
