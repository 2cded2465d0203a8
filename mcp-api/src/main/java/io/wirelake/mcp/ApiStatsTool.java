package io.wirelake.mcp;

import io.wirelake.lakehouse.aggregate.AggregateFilter;
import io.wirelake.lakehouse.aggregate.AggregateQuery;
import io.wirelake.lakehouse.aggregate.GroupBy;
import io.wirelake.lakehouse.aggregate.GroupStats;
import io.wirelake.lakehouse.aggregate.Metric;
import io.wirelake.lakehouse.query.ApiStats;
import io.wirelake.lakehouse.query.CallGrouping;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.query.TimeWindowParser;
import io.wirelake.lakehouse.query.TrafficQueries;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code get_api_stats}: volume, error rate and latency percentiles per group of API calls. */
final class ApiStatsTool implements WirelakeTool {

  static final List<String> GROUPS =
      Arrays.stream(CallGrouping.values()).map(CallGrouping::argumentName).toList();

  /** Windows at least this long are answered from the aggregates when the filters allow it. */
  static final Duration AGGREGATES_FROM = Duration.ofHours(6);
  /** Filters the aggregate tables cannot answer: they need the raw calls. */
  static final List<String> RAW_ONLY = List.of("workload", "pod", "ip", "port", "node", "path", "status",
      "min_latency_us", "max_latency_us", "has_authorization", "errors_only");

  private final TrafficQueries queries;
  private final Supplier<AggregateQuery> aggregates;
  private final TimeWindowParser parser;

  ApiStatsTool(TrafficQueries queries, Supplier<AggregateQuery> aggregates, TimeWindowParser parser) {
    this.queries = queries;
    this.aggregates = aggregates;
    this.parser = parser;
  }

  @Override
  public String name() {
    return "get_api_stats";
  }

  @Override
  public String description() {
    return "Request volume, errors, error rate and latency percentiles (p50/p90/p99/max, in"
        + " microseconds) per group, busiest first. Windows of 6 hours or more read the minute/hour/day"
        + " aggregates (percentiles from sketches, within 1%) unless a filter or grouping needs the raw calls"
        + " (workload, pod, ip, path, status, latency, credentials); shorter windows read the raw calls (exact"
        + " nearest-rank). group_by: service (the callee; ip:port while Kubernetes context is missing), endpoint"
        + " (service + method + route), namespace (the callee's), pod (the callee's, else its IP), workload (the"
        + " callee's, else its service), client (the caller's workload, else IP) or all (one overall row). An error"
        + " is a status of 500 or above, or a call without a complete response (error set). Use it"
        + " to answer 'which service is slow / failing', then drill down with list_api_calls using"
        + " the group's name as the service filter.";
  }

  @Override
  public InputSchema schema() {
    return CommonArguments.callFilters(CommonArguments.window(new InputSchema()))
        .enumeration("group_by", "How to group the calls (default service).", GROUPS, "service")
        .integer("limit", "At most this many groups, busiest first (default 50).", 1, 1000, 50L);
  }

  @Override
  public ToolOutput call(Arguments args) {
    TimeWindow window = CommonArguments.window(args, parser);
    CallGrouping groupBy = CallGrouping.parse(args.enumeration("group_by", GROUPS, "service"), "group_by");
    int limit = args.integer("limit", 1, 1000, 50);
    boolean fromAggregates = fromAggregates(args, window, groupBy);
    List<ApiStats> stats = fromAggregates
        ? aggregateStats(args, window, groupBy)
        : queries.apiStats(CommonArguments.callFilter(args, window), groupBy);
    long requests = stats.stream().mapToLong(ApiStats::requests).sum();
    long errors = stats.stream().mapToLong(ApiStats::errors).sum();
    List<Map<String, Object>> rows = stats.stream().limit(limit).map(ApiStatsTool::row).toList();
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("window", JsonValues.window(window));
    content.put("group_by", groupBy.argumentName());
    content.put("source", fromAggregates ? "aggregates (percentiles from sketches, within 1%)" : "raw calls (exact)");
    content.put("rows", rows);
    content.put("groups", stats.size());
    content.put("truncated", stats.size() > limit);
    String summary =
        requests + " calls, " + errors + " errors ("
            + (requests == 0 ? "0" : String.format("%.2f", 100.0 * errors / requests)) + "%)"
            + (groupBy == CallGrouping.ALL ? "" : " in " + stats.size() + " " + groupBy.argumentName() + " groups")
            + " " + JsonValues.describe(window)
            + (stats.isEmpty() ? "" : "; busiest: " + stats.get(0).group() + " (" + stats.get(0).requests()
                + " calls, p99 " + stats.get(0).p99Us() + " us)");
    return new ToolOutput(summary, content);
  }

  /**
   * Long windows over service, endpoint, namespace or client groups read the minute/hour/day aggregates, which
   * answer in the same time for a month as for an hour; anything the aggregates do not keep reads raw calls.
   */
  private boolean fromAggregates(Arguments args, TimeWindow window, CallGrouping groupBy) {
    if (groupBy == CallGrouping.POD || groupBy == CallGrouping.WORKLOAD || RAW_ONLY.stream().anyMatch(args::has)) {
      return false;
    }
    TimeWindow w = AggregateArguments.closed(window, aggregates.get(), Metric.LATENCY);
    return !w.openStart() && !w.openEnd() && Duration.between(w.from(), w.to()).compareTo(AGGREGATES_FROM) >= 0;
  }

  private List<ApiStats> aggregateStats(Arguments args, TimeWindow window, CallGrouping groupBy) {
    TimeWindow w = AggregateArguments.closed(window, aggregates.get(), Metric.LATENCY);
    GroupBy g = GroupBy.parse(groupBy.argumentName());
    AggregateFilter filter = new AggregateFilter(args.string("service"), args.string("namespace"),
        args.string("protocol"), args.string("method"), null, null);
    Map<String, GroupStats> groups = aggregates.get().latency(w.from(), w.to(), g, filter);
    return groups.values().stream()
        .map(s -> new ApiStats(s.group(), s.count(), s.failures(), s.failureRate(), s.percentile(50),
            s.percentile(90), s.percentile(99), s.maxUs()))
        .sorted(Comparator.comparingLong(ApiStats::requests).reversed().thenComparing(ApiStats::group))
        .toList();
  }

  static Map<String, Object> row(ApiStats s) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("group", s.group());
    row.put("requests", s.requests());
    row.put("errors", s.errors());
    row.put("error_rate", JsonValues.round(s.errorRate()));
    row.put("p50_us", s.p50Us());
    row.put("p90_us", s.p90Us());
    row.put("p99_us", s.p99Us());
    row.put("max_us", s.maxUs());
    return row;
  }
}
