package io.wirelake.mcp;

import io.wirelake.lakehouse.query.FlowGrouping;
import io.wirelake.lakehouse.query.FlowStats;
import io.wirelake.lakehouse.query.Page;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.query.TimeWindowParser;
import io.wirelake.lakehouse.query.TrafficFilter;
import io.wirelake.lakehouse.query.TrafficQueries;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code list_l4_flows}: TCP connections, listed or grouped with handshake percentiles. */
final class ListL4FlowsTool implements WirelakeTool {

  static final List<String> GROUPS =
      Arrays.stream(FlowGrouping.values()).map(FlowGrouping::argumentName).toList();
  static final int DEFAULT_LIMIT = 50;

  private final TrafficQueries queries;
  private final TimeWindowParser parser;

  ListL4FlowsTool(TrafficQueries queries, TimeWindowParser parser) {
    this.queries = queries;
    this.parser = parser;
  }

  @Override
  public String name() {
    return "list_l4_flows";
  }

  @Override
  public String description() {
    return "TCP connections (L4 flows) that started in a time window. Without group_by: the flows"
        + " themselves, paged (client/server address and workload, start/end, handshake_rtt_us ="
        + " SYN to the ACK completing the handshake, bytes and packets per direction,"
        + " retransmissions, close_reason fin/rst/timeout/open). With group_by (pod, service,"
        + " workload, namespace (the server's, else its address), node, server = ip:port, client, all): per group flows, resets, bytes,"
        + " packets, retransmissions and tcp_handshake_p50_us / _p90_us / _p99_us (nearest-rank)."
        + " Use it to tell network latency (handshake) from application latency (get_api_stats),"
        + " and to find resets and retransmissions.";
  }

  @Override
  public InputSchema schema() {
    return CommonArguments.paging(
            CommonArguments.flowFilters(CommonArguments.window(new InputSchema())), DEFAULT_LIMIT)
        .enumeration("group_by", "Group the flows instead of listing them.", GROUPS, null);
  }

  @Override
  public ToolOutput call(Arguments args) {
    TimeWindow window = CommonArguments.window(args, parser);
    TrafficFilter filter = CommonArguments.flowFilter(args, window);
    String group = args.enumeration("group_by", GROUPS, null);
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("window", JsonValues.window(window));
    if (group == null) {
      Page page = queries.listFlows(filter, CommonArguments.page(args, DEFAULT_LIMIT));
      content.put("rows", page.rows().stream().map(JsonValues::row).toList());
      content.put("returned", page.rows().size());
      content.put("matched", page.matched());
      content.put("truncated", page.truncated());
      if (page.nextCursor() != null) {
        content.put("next_cursor", page.nextCursor());
      }
      return new ToolOutput(
          page.rows().size() + " of " + page.matched() + " matching flows " + JsonValues.describe(window)
              + (page.truncated() ? "; more remain: pass next_cursor for the next page" : ""),
          content);
    }
    if (args.has("cursor")) {
      throw new io.wirelake.lakehouse.query.InvalidArgumentException(
          "cursor", "applies to listed flows only, not with group_by");
    }
    FlowGrouping grouping = FlowGrouping.parse(group, "group_by");
    int limit = args.integer("limit", 1, 1000, DEFAULT_LIMIT);
    List<FlowStats> stats = queries.flowStats(filter, grouping);
    content.put("group_by", grouping.argumentName());
    content.put("rows", stats.stream().limit(limit).map(ListL4FlowsTool::row).toList());
    content.put("groups", stats.size());
    content.put("truncated", stats.size() > limit);
    long flows = stats.stream().mapToLong(FlowStats::flows).sum();
    return new ToolOutput(
        flows + " flows in " + stats.size() + " " + grouping.argumentName() + " groups "
            + JsonValues.describe(window)
            + (stats.isEmpty() ? "" : "; most flows: " + stats.get(0).group() + " (" + stats.get(0).flows()
                + " flows, handshake p99 " + stats.get(0).tcpHandshakeP99Us() + " us)"),
        content);
  }

  static Map<String, Object> row(FlowStats s) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("group", s.group());
    row.put("flows", s.flows());
    row.put("resets", s.resets());
    row.put("bytes_c2s", s.bytesC2s());
    row.put("bytes_s2c", s.bytesS2c());
    row.put("packets_c2s", s.packetsC2s());
    row.put("packets_s2c", s.packetsS2c());
    row.put("retransmissions", s.retransmissions());
    row.put("tcp_handshake_p50_us", s.tcpHandshakeP50Us());
    row.put("tcp_handshake_p90_us", s.tcpHandshakeP90Us());
    row.put("tcp_handshake_p99_us", s.tcpHandshakeP99Us());
    return row;
  }
}
