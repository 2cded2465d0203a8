package io.wirelake.benchmarks;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.wirelake.lakehouse.aggregate.AggregateFilter;
import io.wirelake.lakehouse.aggregate.AggregateQuery;
import io.wirelake.lakehouse.aggregate.GroupBy;
import io.wirelake.lakehouse.aggregate.GroupChange;
import io.wirelake.lakehouse.aggregate.GroupStats;
import io.wirelake.lakehouse.aggregate.Metric;
import io.wirelake.lakehouse.aggregate.WindowComparison;
import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.query.TimeWindowParser;
import io.wirelake.mcp.HttpEndpoint;
import io.wirelake.mcp.HttpSettings;
import io.wirelake.mcp.WirelakeMcpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.catalog.Catalog;

/**
 * Times {@code compare_windows} and {@code get_api_stats} over the aggregates {@link AggregateLoad} wrote, through
 * the real MCP server over Streamable HTTP on 127.0.0.1 (the SDK's sync client) and directly on
 * {@link AggregateQuery} (the same calls the tools make, without JSON-RPC, HTTP and result formatting).
 *
 * <p>Per case: fresh JVM (a child {@code java} that starts the server, or opens the catalog, and makes one call),
 * cold (first call after a fresh server start / catalog open in this JVM) and warm (median and p95 of
 * {@code --warm} further calls). Usage: {@code AggregateQueries --data DIR [--clock ISO] [--warm N]
 * [--no-fresh-jvm] [--only REGEX] [--breakdown]}.
 */
public final class AggregateQueries {

  /** One benchmarked call: a tool with its arguments. */
  record Case(String name, String tool, Map<String, Object> args) {}

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    String[][] pairs = {{"day", "yesterday", "today"}, {"week", "last week", "this week"}};
    for (String[] p : pairs) {
      for (String metric : List.of("latency", "errors")) {
        for (String group : List.of("service", "endpoint")) {
          cases.add(new Case("compare " + p[0] + " " + metric + "/" + group, "compare_windows",
              map("a_from", p[1], "b_from", p[2], "metric", metric, "group_by", group)));
        }
      }
    }
    for (String group : List.of("service", "endpoint")) {
      cases.add(new Case("api_stats 30d /" + group, "get_api_stats", map("from", "now-30d", "group_by", group)));
    }
    return cases;
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private final Path data;
  private final Clock clock;
  private final int warm;
  private final boolean breakdown;

  AggregateQueries(Path data, Instant now, int warm, boolean breakdown) {
    this.data = data;
    this.clock = Clock.fixed(now, ZoneOffset.UTC);
    this.warm = warm;
    this.breakdown = breakdown;
  }

  public static void main(String[] argv) throws Exception {
    Path data = null;
    Instant now = AggregateLoad.DEFAULT_END;
    int warm = 10;
    boolean freshJvm = true;
    boolean breakdown = false;
    String only = ".*";
    String child = null;
    String mode = null;
    for (int i = 0; i < argv.length; i++) {
      switch (argv[i]) {
        case "--data" -> data = Path.of(argv[++i]);
        case "--clock" -> now = Instant.parse(argv[++i]);
        case "--warm" -> warm = Integer.parseInt(argv[++i]);
        case "--no-fresh-jvm" -> freshJvm = false;
        case "--breakdown" -> breakdown = true;
        case "--only" -> only = argv[++i];
        case "--child" -> child = argv[++i];
        case "--mode" -> mode = argv[++i];
        default -> throw new IllegalArgumentException("unknown option " + argv[i] + "; usage: AggregateQueries"
            + " --data DIR [--clock ISO] [--warm N] [--no-fresh-jvm] [--only REGEX] [--breakdown]");
      }
    }
    if (data == null) {
      throw new IllegalArgumentException("--data DIR is required");
    }
    AggregateQueries bench = new AggregateQueries(data, now, warm, breakdown);
    if (child != null) {
      bench.child(child, mode);
      System.exit(0);
    }
    String filter = only;
    List<Case> cases = cases().stream().filter(c -> c.name().matches(filter)).toList();
    bench.run(cases, freshJvm);
    System.exit(0);
  }

  /** Results of one case. */
  static final class Result {
    final Case c;
    double freshJvmMcp = Double.NaN;
    double freshJvmDirect = Double.NaN;
    double freshJvmMcpStart = Double.NaN;
    double coldMcp;
    double coldDirect;
    double[] warmMcp;
    double[] warmDirect;
    String summary;
    long responseChars;
    String directBreakdown = "";
    double cpuMcp;
    double cpuDirect;

    Result(Case c) {
      this.c = c;
    }
  }

  void run(List<Case> cases, boolean freshJvm) throws Exception {
    List<Result> results = new ArrayList<>();
    for (Case c : cases) {
      results.add(new Result(c));
    }
    if (freshJvm) {
      for (Result r : results) {
        double[] mcp = spawn(r.c, "mcp");
        r.freshJvmMcpStart = mcp[0];
        r.freshJvmMcp = mcp[1];
        r.freshJvmDirect = spawn(r.c, "direct")[1];
        System.err.printf(Locale.ROOT, "fresh JVM  %-32s mcp %8.1f ms (server start %.0f ms)  direct %8.1f ms%n",
            r.c.name(), r.freshJvmMcp, r.freshJvmMcpStart, r.freshJvmDirect);
      }
    }
    for (Result r : results) {
      try (Mcp mcp = new Mcp()) {
        long t0 = System.nanoTime();
        McpSchema.CallToolResult first = mcp.call(r.c);
        r.coldMcp = ms(t0);
        r.summary = text(first);
        r.responseChars = String.valueOf(first.structuredContent()).length() + r.summary.length();
        r.warmMcp = new double[warm];
        long cpu0 = processCpuNanos();
        for (int i = 0; i < warm; i++) {
          long t = System.nanoTime();
          mcp.call(r.c);
          r.warmMcp[i] = ms(t);
        }
        r.cpuMcp = (processCpuNanos() - cpu0) / 1e6 / warm;
      }
      try (Direct direct = new Direct()) {
        long t0 = System.nanoTime();
        direct.call(r.c, null);
        r.coldDirect = ms(t0);
        r.warmDirect = new double[warm];
        StringBuilder last = new StringBuilder();
        long cpu0 = processCpuNanos();
        for (int i = 0; i < warm; i++) {
          last.setLength(0);
          long t = System.nanoTime();
          direct.call(r.c, breakdown ? last : null);
          r.warmDirect[i] = ms(t);
        }
        r.cpuDirect = (processCpuNanos() - cpu0) / 1e6 / warm;
        r.directBreakdown = last.toString();
      }
      System.err.printf(Locale.ROOT, "%-32s cold mcp %7.1f direct %7.1f | warm mcp p50 %7.1f p95 %7.1f | direct p50"
              + " %7.1f p95 %7.1f ms | CPU/call mcp %.0f direct %.0f ms%s%n", r.c.name(), r.coldMcp, r.coldDirect,
          pct(r.warmMcp, 50), pct(r.warmMcp, 95), pct(r.warmDirect, 50), pct(r.warmDirect, 95), r.cpuMcp, r.cpuDirect,
          r.directBreakdown.isEmpty() ? "" : "  [" + r.directBreakdown + "]");
    }
    print(results);
  }

  private void print(List<Result> results) {
    StringBuilder sb = new StringBuilder();
    sb.append("| case | fresh JVM: MCP (server start) / direct | cold MCP | cold direct | warm MCP p50 / p95 |"
        + " warm direct p50 / p95 | MCP overhead (p50) | warm CPU ms/call MCP / direct | ≤ 300 ms warm |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|:-:|\n");
    for (Result r : results) {
      double mcp50 = pct(r.warmMcp, 50);
      sb.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | **%.0f** / %.0f | %.0f / %.0f | %.0f | %.0f / %.0f | %s |%n",
          r.c.name(),
          Double.isNaN(r.freshJvmMcp) ? "–" : String.format(Locale.ROOT, "%.0f (%.0f) / %.0f", r.freshJvmMcp,
              r.freshJvmMcpStart, r.freshJvmDirect),
          r.coldMcp, r.coldDirect, mcp50, pct(r.warmMcp, 95), pct(r.warmDirect, 50), pct(r.warmDirect, 95),
          mcp50 - pct(r.warmDirect, 50), r.cpuMcp, r.cpuDirect, pct(r.warmMcp, 95) <= 300 ? "yes" : (mcp50 <= 300 ? "p50 only" : "**no**")));
    }
    sb.append("\nTool summaries (first call):\n\n");
    for (Result r : results) {
      sb.append("- ").append(r.c.name()).append(" (").append(r.responseChars).append(" chars): ")
          .append(r.summary.length() > 300 ? r.summary.substring(0, 300) + " …" : r.summary).append('\n');
    }
    System.out.print(sb);
  }

  /** Runs one case in a fresh JVM; returns {server start or catalog open ms, first call ms}. */
  private double[] spawn(Case c, String mode) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), AggregateQueries.class.getName(), "--data", data.toString(),
        "--clock", clock.instant().toString(), "--child", c.name(), "--mode", mode));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    double[] out = null;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("CHILD ")) {
          String[] f = line.split(" ");
          out = new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        }
      }
    }
    if (p.waitFor() != 0 || out == null) {
      throw new IllegalStateException("child JVM for " + c.name() + " (" + mode + ") failed: exit " + p.exitValue());
    }
    return out;
  }

  private void child(String name, String mode) throws Exception {
    Case c = cases().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    long t0 = System.nanoTime();
    if ("mcp".equals(mode)) {
      try (Mcp mcp = new Mcp()) {
        double start = ms(t0);
        long t1 = System.nanoTime();
        mcp.call(c);
        System.out.printf(Locale.ROOT, "CHILD %.1f %.1f %d%n", start, ms(t1),
            System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
      }
    } else {
      try (Direct direct = new Direct()) {
        double start = ms(t0);
        long t1 = System.nanoTime();
        direct.call(c, null);
        System.out.printf(Locale.ROOT, "CHILD %.1f %.1f %d%n", start, ms(t1),
            System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
      }
    }
  }

  /** A fresh server on an ephemeral loopback port and an initialized client session. */
  final class Mcp implements AutoCloseable {
    final WirelakeMcpServer server;
    final HttpEndpoint endpoint;
    final McpSyncClient client;

    Mcp() throws Exception {
      String token = "bench-" + UUID.randomUUID() + UUID.randomUUID();
      server = new WirelakeMcpServer(CatalogSettings.embedded(data), clock);
      endpoint = server.serveHttp(HttpSettings.of(0, token, false));
      HttpClientStreamableHttpTransport transport =
          HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + endpoint.port())
              .endpoint(WirelakeMcpServer.ENDPOINT)
              .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
              .build();
      client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(300)).build();
      client.initialize();
    }

    McpSchema.CallToolResult call(Case c) {
      McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(c.tool(), c.args()));
      if (Boolean.TRUE.equals(r.isError())) {
        throw new IllegalStateException(c.name() + " failed: " + text(r));
      }
      return r;
    }

    @Override
    public void close() {
      client.closeGracefully();
      endpoint.close();
      server.close();
    }
  }

  /** The calls the tools make on {@link AggregateQuery}, without MCP. */
  final class Direct implements AutoCloseable {
    final Catalog catalog;
    final AggregateQuery q;
    final TimeWindowParser parser = new TimeWindowParser(clock);

    Direct() {
      catalog = CatalogFactory.open(CatalogSettings.embedded(data));
      q = new AggregateQuery(catalog);
    }

    /** Returns the number of groups; appends a phase breakdown to {@code phases} when given. */
    int call(Case c, StringBuilder phases) {
      long t0 = System.nanoTime();
      if (c.tool().equals("compare_windows")) {
        Metric metric = Metric.parse((String) c.args().get("metric"));
        GroupBy groupBy = GroupBy.parse((String) c.args().get("group_by"));
        TimeWindow a = closed(parser.parse((String) c.args().get("a_from"), null, ZoneOffset.UTC), metric);
        TimeWindow b = closed(parser.parse((String) c.args().get("b_from"), null, ZoneOffset.UTC), metric);
        long t1 = System.nanoTime();
        Map<String, GroupStats> before = q.stats(a.from(), a.to(), groupBy, AggregateFilter.NONE, metric);
        long t2 = System.nanoTime();
        Map<String, GroupStats> after = q.stats(b.from(), b.to(), groupBy, AggregateFilter.NONE, metric);
        long t3 = System.nanoTime();
        List<GroupChange> changes = WindowComparison.compare(before, seconds(a), after, seconds(b), metric);
        long t4 = System.nanoTime();
        if (phases != null) {
          phases.append(String.format(Locale.ROOT, "windows %.1f, scan a %.1f, scan b %.1f, compare %.1f ms",
              (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6));
        }
        return changes.size();
      }
      // get_api_stats from the aggregates: the tool closes the open end twice (decision + query)
      TimeWindow w0 = parser.parse((String) c.args().get("from"), null, ZoneOffset.UTC);
      closed(w0, Metric.LATENCY);
      TimeWindow w = closed(w0, Metric.LATENCY);
      long t1 = System.nanoTime();
      Map<String, GroupStats> groups = q.latency(w.from(), w.to(), GroupBy.parse((String) c.args().get("group_by")),
          AggregateFilter.NONE);
      long t2 = System.nanoTime();
      List<long[]> rows = groups.values().stream()
          .sorted(Comparator.comparingLong(GroupStats::count).reversed().thenComparing(GroupStats::group))
          .map(s -> new long[] {s.count(), s.failures(), nz(s.percentile(50)), nz(s.percentile(90)),
              nz(s.percentile(99))})
          .toList();
      long t3 = System.nanoTime();
      if (phases != null) {
        phases.append(String.format(Locale.ROOT, "dataRange x2 %.1f, scan %.1f, percentiles+sort %.1f ms",
            (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6));
      }
      return rows.size();
    }

    private TimeWindow closed(TimeWindow w, Metric metric) {
      if (!w.openStart() && !w.openEnd()) {
        return w;
      }
      return q.dataRange(metric).map(r -> new TimeWindow(w.openStart() ? r[0] : w.from(),
          w.openEnd() ? r[1] : w.to())).orElse(w);
    }

    @Override
    public void close() throws Exception {
      if (catalog instanceof AutoCloseable c) {
        c.close();
      }
    }
  }

  private static long nz(Long v) {
    return v == null ? -1 : v;
  }

  static double seconds(TimeWindow w) {
    return Math.max(1, (w.toMicros() - w.fromMicros()) / 1e6);
  }

  static String text(McpSchema.CallToolResult r) {
    StringBuilder sb = new StringBuilder();
    for (McpSchema.Content content : r.content()) {
      if (content instanceof McpSchema.TextContent t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  /** CPU time of the whole JVM (all threads: tile scans, server, client, JIT, GC). */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  static double pct(double[] values, double p) {
    if (values == null || values.length == 0) {
      return Double.NaN;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int rank = (int) Math.ceil(p / 100.0 * v.length);
    return v[Math.max(0, rank - 1)];
  }
}
