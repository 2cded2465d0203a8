package io.wirelake.mcp;

import io.wirelake.lakehouse.aggregate.AggregateFilter;
import io.wirelake.lakehouse.aggregate.GroupBy;
import io.wirelake.lakehouse.aggregate.GroupChange;
import io.wirelake.lakehouse.aggregate.GroupStats;
import io.wirelake.lakehouse.aggregate.Metric;
import io.wirelake.lakehouse.aggregate.AggregateQuery;
import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.query.TimeWindow;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Arguments and result rows shared by the tools that read the aggregate tables. */
final class AggregateArguments {
  static final List<String> METRICS = List.of("latency", "errors", "volume", "handshake");
  static final List<String> GROUPS = List.of("service", "endpoint", "namespace", "client", "protocol", "node");
  /** Groupings of raw calls the aggregate tables have no columns for. */
  static final List<String> NOT_IN_AGGREGATES = List.of("pod", "workload");

  static final String RANKING = "Ranked by |significance|, a z-score that accounts for sample sizes: for latency and"
      + " handshake, a two-proportion test of the share of values above the reference window's p50 and p99 (the"
      + " larger counts, so both a shifted median and a grown tail show); for errors, a two-proportion test of the"
      + " error rates; for volume, the difference of Poisson rates per second over its standard error; a group"
      + " present in one window only scores sqrt(count). |z| above 3 is very unlikely to be chance.";

  private AggregateArguments() {}

  static InputSchema filters(InputSchema schema) {
    return schema
        .enumeration("metric", "What to compare (default latency): latency (p50/p99 of request latency), errors"
            + " (error rate), volume (requests per second), handshake (TCP handshake RTT).", METRICS, "latency")
        .enumeration("group_by", "How to group (default service): service (the callee; ip:port while Kubernetes"
            + " context is missing), endpoint (service + method + route), namespace, client (the caller),"
            + " protocol, node (handshake only).", GROUPS, "service")
        .string("service", "Only this service (name, or ip:port).")
        .string("namespace", "Only calls where the client or the server is in this namespace.")
        .string("client", "Only this client workload (or client IP).")
        .string("workload", "Not available here: the aggregates keep the calling workload (use client=<workload>)"
            + " and the called service (use service=<name>), not the called workload.")
        .string("pod", "Not available here: the aggregates have no pods; use get_api_stats or list_api_calls"
            + " over a window under 6 h with pod=<pod>.")
        .string("protocol", "Only this protocol: http/1.1, http/2, grpc, redis, postgres, dns.")
        .string("method", "Only this method or command.")
        .string("route", "Only this templated route, e.g. /v1/items/{id}.")
        .integer("limit", "At most this many groups, most significant first (default 20).", 1, 500, 20L);
  }

  /**
   * Closes an open-ended window with the span the aggregates cover, so that "since the oldest data" and
   * "until the newest" mean what they say; a window entirely outside the data stays as it is.
   */
  static TimeWindow closed(TimeWindow w, AggregateQuery q, Metric metric) {
    if (!w.openStart() && !w.openEnd()) {
      return w;
    }
    return q.dataRange(metric).map(r -> {
      Instant from = w.openStart() ? r[0] : w.from();
      Instant to = w.openEnd() ? r[1] : w.to();
      return from.isBefore(to) ? new TimeWindow(from, to) : w;
    }).orElse(w);
  }

  static Metric metric(Arguments args) {
    return Metric.parse(args.enumeration("metric", METRICS, "latency"));
  }

  static GroupBy groupBy(Arguments args, Metric metric) {
    String asked = args.string("group_by");
    if (asked != null && NOT_IN_AGGREGATES.contains(asked.toLowerCase(java.util.Locale.ROOT))) {
      throw new InvalidArgumentException("group_by", "the aggregate tables this tool reads have no " + asked
          + " column (they keep the calling workload, the called service and namespaces): use group_by=service"
          + " or group_by=client here, or get_api_stats with group_by=" + asked.toLowerCase(java.util.Locale.ROOT)
          + " (raw calls)");
    }
    String g = args.enumeration("group_by", GROUPS, "service");
    if (g.equals("node") && metric != Metric.HANDSHAKE) {
      throw new InvalidArgumentException("group_by", "node grouping exists for metric=handshake only");
    }
    return GroupBy.parse(g);
  }

  static AggregateFilter filter(Arguments args) {
    if (args.has("workload")) {
      throw new InvalidArgumentException("workload", "the aggregate tables this tool reads keep the calling"
          + " workload and the called service, not the called workload: use client=" + args.string("workload")
          + " for the calls it makes, or service=<its service> for the calls it receives");
    }
    if (args.has("pod")) {
      throw new InvalidArgumentException("pod", "the aggregate tables this tool reads have no pods: use"
          + " get_api_stats or list_api_calls with pod=" + args.string("pod") + " (raw calls), or service= / client="
          + " here");
    }
    return new AggregateFilter(args.string("service"), args.string("namespace"), args.string("protocol"),
        args.string("method"), args.string("route"), args.string("client"));
  }

  static Map<String, Object> stats(GroupStats s, double seconds) {
    if (s == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", s.count());
    m.put("per_second", JsonValues.round(s.count() / seconds));
    m.put("failures", s.failures());
    m.put("failure_rate", JsonValues.round(s.failureRate()));
    m.put("p50_us", s.percentile(50));
    m.put("p90_us", s.percentile(90));
    m.put("p99_us", s.percentile(99));
    m.put("max_us", s.maxUs());
    Double mean = s.meanUs();
    m.put("mean_us", mean == null ? null : JsonValues.round(mean));
    return m;
  }

  static Map<String, Object> change(GroupChange c, int rank, double secondsBefore, double secondsAfter) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rank", rank);
    m.put("group", c.group());
    m.put("kind", c.kind());
    m.put("before", stats(c.before(), secondsBefore));
    m.put("after", stats(c.after(), secondsAfter));
    m.put("value_before", round(c.valueBefore()));
    m.put("value_after", round(c.valueAfter()));
    m.put("absolute_change", round(c.absoluteChange()));
    m.put("relative_change", round(c.relativeChange()));
    m.put("significance", JsonValues.round(c.significance()));
    return m;
  }

  static String headlineUnit(Metric metric) {
    switch (metric) {
      case ERRORS:
        return "error rate";
      case VOLUME:
        return "requests/s";
      default:
        return "p99 us";
    }
  }

  static String describe(GroupChange c, Metric metric) {
    String unit = headlineUnit(metric);
    if (!c.kind().equals("changed")) {
      return c.group() + " " + c.kind();
    }
    return String.format("%s %s %s -> %s (%s%s, z=%.1f)", c.group(), unit, fmt(c.valueBefore()), fmt(c.valueAfter()),
        c.relativeChange() == null ? "n/a" : (c.relativeChange() >= 0 ? "+" : ""),
        c.relativeChange() == null ? "" : String.format("%.0f%%", 100 * c.relativeChange()), c.significance());
  }

  private static String fmt(Double v) {
    if (v == null) {
      return "-";
    }
    return Math.abs(v) >= 100 ? String.format("%.0f", v) : String.format("%.3g", v);
  }

  private static Object round(Double v) {
    return v == null ? null : JsonValues.round(v);
  }
}
