package io.wirelake.cli;

import io.wirelake.cli.pipeline.SourceProducer;
import io.wirelake.ingest.generate.GeneratorConfig;
import io.wirelake.ingest.generate.TrafficGenerator;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code wirelake demo}: the whole pipeline on the embedded default, fed by the traffic generator of a
 * virtual cluster, so it needs no capture file and no privileges.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate a virtual cluster's HTTP traffic and run it through Kafka, Flink and Iceberg; print a summary.")
final class DemoCommand implements Callable<Integer> {
  /** 2026-11-24T14:00:00Z: a fixed start, so every demo run produces the same frames and rows. */
  static final long DEMO_START_MICROS = 1_795_960_800_000_000L;

  @Mixin StackOptions stack;

  @Option(names = "--requests", defaultValue = "20000", description = "HTTP requests to generate (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--services", defaultValue = "8", description = "Services in the virtual cluster (default: ${DEFAULT-VALUE}).")
  int services;

  @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--node", defaultValue = "demo-node-1", description = "Node name of the generated capture.")
  String node;

  @Option(names = "--no-serve", description = "Stop after the summary instead of serving MCP.")
  boolean noServe;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    GeneratorConfig config = GeneratorConfig.ofRequests(seed, DEMO_START_MICROS, requests, services);
    String sourceId = String.format("generator-v1-seed%d-req%d-svc%d@%s", seed, requests, services, node);
    try (PipelineSession session = new PipelineSession(stack, out)) {
      out.printf("generating %,d requests across %d services (seed %d) ...%n", requests, services, seed);
      TrafficGenerator generator = new TrafficGenerator(config);
      SourceProducer.Result r;
      try (Progress progress = new Progress("demo traffic", -1, "frames")) {
        r = session.produce(sourceId, node, generator, progress);
      }
      out.println(r.alreadyComplete()
          ? "the demo traffic is already in the event log; not produced again"
          : String.format("produced %,d segments to Kafka", r.produced()));
      session.commit();
      new Summary(stack.catalog()).print(out);
    }
    out.println();
    out.println("Ask SQL questions:  ./wirelake sql --data " + stack.data
        + " \"SELECT method, route, status, latency_us FROM net.l7_transactions ORDER BY latency_us DESC LIMIT 10\"");
    if (!noServe) {
      out.println("(the MCP server is not part of this build yet; the demo stops after the summary)");
    }
    return 0;
  }
}
