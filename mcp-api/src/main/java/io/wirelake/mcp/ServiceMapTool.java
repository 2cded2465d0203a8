package io.wirelake.mcp;

import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.query.Percentiles;
import io.wirelake.lakehouse.query.PeerNames;
import io.wirelake.lakehouse.query.Row;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.query.TimeWindowParser;
import io.wirelake.lakehouse.query.TrafficQueries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code service_map}: who calls whom, with volume, errors and latency per edge. */
final class ServiceMapTool implements WirelakeTool {

  private static final List<String> COLUMNS =
      List.of("client_workload", "client_service", "client_pod", "client_ip", "server_service",
          "server_ip", "server_port", "status", "error", "latency_us");

  private final TrafficQueries queries;
  private final TimeWindowParser parser;

  ServiceMapTool(TrafficQueries queries, TimeWindowParser parser) {
    this.queries = queries;
    this.parser = parser;
  }

  @Override
  public String name() {
    return "service_map";
  }

  @Override
  public String description() {
    return "The service dependency graph from observed API calls: one edge per client -> server"
        + " pair with requests, errors, error_rate and latency p50/p99 (microseconds). Servers are"
        + " named by Kubernetes service, else ip:port; clients by workload, else IP. With"
        + " dependents_of: only the callers of that service (depth > 1 follows callers of callers,"
        + " matching a caller's name or IP to the servers it runs), to judge the blast radius of a"
        + " failing service.";
  }

  @Override
  public InputSchema schema() {
    return CommonArguments.callFilters(CommonArguments.window(new InputSchema()))
        .string("dependents_of", "Only the callers of this server (a name as the map shows it, e.g. checkout or 10.0.1.5:8080).")
        .integer("depth", "With dependents_of: how many levels of callers (default 1).", 1, 5, 1L)
        .integer("limit", "At most this many edges, busiest first (default 200).", 1, 1000, 200L);
  }

  @Override
  public ToolOutput call(Arguments args) {
    TimeWindow window = CommonArguments.window(args, parser);
    String target = args.string("dependents_of");
    int depth = args.integer("depth", 1, 5, 1);
    int limit = args.integer("limit", 1, 1000, 200);
    if (target == null && args.has("depth")) {
      throw new InvalidArgumentException("depth", "applies only together with dependents_of");
    }
    Map<String, Edge> edges = new TreeMap<>();
    for (Row call : queries.calls(CommonArguments.callFilter(args, window), COLUMNS)) {
      String client = PeerNames.client(call);
      String server = PeerNames.server(call);
      edges.computeIfAbsent(client + " -> " + server, k -> new Edge(client, server, call.string("server_ip"))).add(call);
    }
    List<Edge> selected = new ArrayList<>(edges.values());
    if (target != null) {
      selected = dependents(selected, target, depth);
    }
    selected.sort(Comparator.comparingLong((Edge e) -> e.requests).reversed().thenComparing(e -> e.client + e.server));
    Set<String> nodes = new HashSet<>();
    selected.forEach(e -> { nodes.add(e.client); nodes.add(e.server); });
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("window", JsonValues.window(window));
    if (target != null) {
      content.put("dependents_of", target);
      content.put("depth", depth);
    }
    content.put("rows", selected.stream().limit(limit).map(Edge::toJson).toList());
    content.put("edges", selected.size());
    content.put("nodes", nodes.size());
    content.put("truncated", selected.size() > limit);
    String summary = target == null
        ? selected.size() + " edges between " + nodes.size() + " clients and servers " + JsonValues.describe(window)
        : selected.size() + " caller edges of " + target + " (depth " + depth + ")"
            + (selected.isEmpty() ? "; no callers seen: check the name against service_map without dependents_of" : "");
    return new ToolOutput(summary, content);
  }

  /** Edges into {@code target}, then into its callers, up to {@code depth} levels. */
  private static List<Edge> dependents(List<Edge> all, String target, int depth) {
    List<Edge> result = new ArrayList<>();
    Set<String> frontier = Set.of(target);
    Set<String> seen = new HashSet<>(frontier);
    for (int level = 1; level <= depth && !frontier.isEmpty(); level++) {
      Set<String> next = new HashSet<>();
      for (Edge edge : all) {
        if (frontier.contains(edge.server) || frontier.contains(edge.serverIp)) {
          if (!result.contains(edge)) {
            edge.level = level;
            result.add(edge);
          }
          if (seen.add(edge.client)) {
            next.add(edge.client);
          }
        }
      }
      frontier = next;
    }
    return result;
  }

  /** Calls from one client to one server. */
  private static final class Edge {
    final String client;
    final String server;
    final String serverIp;
    long requests;
    long errors;
    int level;
    private long[] latencies = new long[8];
    private int n;

    Edge(String client, String server, String serverIp) {
      this.client = client;
      this.server = server;
      this.serverIp = serverIp;
    }

    void add(Row call) {
      requests++;
      Integer status = call.intValue("status");
      if ((status != null && status >= 500) || call.get("error") != null) {
        errors++;
      }
      Long latency = call.longValue("latency_us");
      if (latency != null) {
        if (n == latencies.length) {
          latencies = Arrays.copyOf(latencies, n * 2);
        }
        latencies[n++] = latency;
      }
    }

    Map<String, Object> toJson() {
      long[] sorted = Arrays.copyOf(latencies, n);
      Arrays.sort(sorted);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("client", client);
      json.put("server", server);
      json.put("requests", requests);
      json.put("errors", errors);
      json.put("error_rate", JsonValues.round(requests == 0 ? 0 : (double) errors / requests));
      json.put("p50_us", Percentiles.nearestRank(sorted, 50));
      json.put("p99_us", Percentiles.nearestRank(sorted, 99));
      if (level > 0) {
        json.put("level", level);
      }
      return json;
    }
  }
}
