package io.wirelake.mcp;

import io.wirelake.lakehouse.query.FlowGrouping;
import io.wirelake.lakehouse.query.FlowStats;
import io.wirelake.lakehouse.query.PeerNames;
import io.wirelake.lakehouse.query.Row;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.query.TimeWindowParser;
import io.wirelake.lakehouse.query.TrafficFilter;
import io.wirelake.lakehouse.query.TrafficQueries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code get_l4_flow_summary}: totals, top talkers and cross-namespace traffic of TCP flows. */
final class L4FlowSummaryTool implements WirelakeTool {

  private static final List<String> COLUMNS =
      List.of("client_ip", "client_workload", "client_service", "client_pod", "client_namespace",
          "server_ip", "server_port", "server_service", "server_namespace",
          "bytes_c2s", "bytes_s2c", "packets_c2s", "packets_s2c", "close_reason");

  private final TrafficQueries queries;
  private final TimeWindowParser parser;

  L4FlowSummaryTool(TrafficQueries queries, TimeWindowParser parser) {
    this.queries = queries;
    this.parser = parser;
  }

  @Override
  public String name() {
    return "get_l4_flow_summary";
  }

  @Override
  public String description() {
    return "Overview of TCP traffic in a window: totals (flows, resets, bytes, packets,"
        + " retransmissions, handshake p50/p90/p99), the top talkers (client -> server pairs by"
        + " bytes) and cross-namespace traffic (client and server in different Kubernetes"
        + " namespaces; needs Kubernetes context, empty otherwise). Use it for 'who talks to whom"
        + " and how much' before drilling into list_l4_flows.";
  }

  @Override
  public InputSchema schema() {
    return CommonArguments.flowFilters(CommonArguments.window(new InputSchema()))
        .integer("top", "How many top talkers and namespace pairs (default 10).", 1, 100, 10L);
  }

  @Override
  public ToolOutput call(Arguments args) {
    TimeWindow window = CommonArguments.window(args, parser);
    TrafficFilter filter = CommonArguments.flowFilter(args, window);
    int top = args.integer("top", 1, 100, 10);
    List<FlowStats> totals = queries.flowStats(filter, FlowGrouping.ALL);
    Map<String, Talk> talkers = new HashMap<>();
    Map<String, Talk> namespaces = new HashMap<>();
    boolean workloadContext = false;
    for (Row flow : queries.flows(filter, COLUMNS)) {
      String client = PeerNames.client(flow);
      String server = PeerNames.server(flow);
      talkers.computeIfAbsent(client + " -> " + server, k -> new Talk(client, server)).add(flow);
      String cns = flow.string("client_namespace");
      String sns = flow.string("server_namespace");
      if (cns != null && sns != null) {
        workloadContext = true;
        if (!cns.equals(sns)) {
          namespaces.computeIfAbsent(cns + " -> " + sns, k -> new Talk(cns, sns)).add(flow);
        }
      }
    }
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("window", JsonValues.window(window));
    content.put("totals", totals.isEmpty() ? ListL4FlowsTool.row(new FlowStats("all", 0, 0, 0, 0, 0, 0, 0, null, null, null))
        : ListL4FlowsTool.row(totals.get(0)));
    content.put("top_talkers", ranked(talkers, top));
    content.put("cross_namespace", ranked(namespaces, top));
    if (!workloadContext) {
      content.put("note", "workload columns are empty (no Kubernetes context yet), so cross-namespace traffic cannot be told; talkers are named by address");
    }
    FlowStats all = totals.isEmpty() ? null : totals.get(0);
    String summary = all == null
        ? "No flows " + JsonValues.describe(window)
        : all.flows() + " flows, " + (all.bytesC2s() + all.bytesS2c()) + " bytes, " + all.resets()
            + " resets, handshake p50 " + all.tcpHandshakeP50Us() + " us / p99 " + all.tcpHandshakeP99Us()
            + " us " + JsonValues.describe(window)
            + "; " + talkers.size() + " client-server pairs, " + namespaces.size() + " cross-namespace pairs";
    return new ToolOutput(summary, content);
  }

  private static List<Map<String, Object>> ranked(Map<String, Talk> talks, int top) {
    List<Talk> sorted = new ArrayList<>(talks.values());
    sorted.sort(Comparator.comparingLong(Talk::bytes).reversed().thenComparing(t -> t.from + t.to));
    return sorted.stream().limit(top).map(Talk::toJson).toList();
  }

  /** Traffic from one side to another. */
  private static final class Talk {
    final String from;
    final String to;
    long flows;
    long bytesC2s;
    long bytesS2c;
    long resets;

    Talk(String from, String to) {
      this.from = from;
      this.to = to;
    }

    void add(Row flow) {
      flows++;
      bytesC2s += flow.longValue("bytes_c2s");
      bytesS2c += flow.longValue("bytes_s2c");
      if ("rst".equals(flow.string("close_reason"))) {
        resets++;
      }
    }

    long bytes() {
      return bytesC2s + bytesS2c;
    }

    Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("from", from);
      json.put("to", to);
      json.put("flows", flows);
      json.put("bytes", bytes());
      json.put("bytes_c2s", bytesC2s);
      json.put("bytes_s2c", bytesS2c);
      json.put("resets", resets);
      return json;
    }
  }
}
