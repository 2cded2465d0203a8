package io.wirelake.mcp;

import io.wirelake.lakehouse.aggregate.AggregateFilter;
import io.wirelake.lakehouse.aggregate.AggregateQuery;
import io.wirelake.lakehouse.aggregate.GroupBy;
import io.wirelake.lakehouse.aggregate.GroupChange;
import io.wirelake.lakehouse.aggregate.GroupStats;
import io.wirelake.lakehouse.aggregate.Metric;
import io.wirelake.lakehouse.aggregate.WindowComparison;
import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.query.TimeWindowParser;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code compare_windows}: the same statistics for two windows side by side, most significant change first. */
final class CompareWindowsTool implements WirelakeTool {
  private final Supplier<AggregateQuery> aggregates;
  private final TimeWindowParser parser;

  CompareWindowsTool(Supplier<AggregateQuery> aggregates, TimeWindowParser parser) {
    this.aggregates = aggregates;
    this.parser = parser;
  }

  @Override
  public String name() {
    return "compare_windows";
  }

  @Override
  public String description() {
    return "Compare two time windows (a = reference, b = the one in question), group by group: request counts and"
        + " rates, error rates, latency p50/p90/p99/mean (or TCP handshake RTT), with absolute and relative change,"
        + " ranked by statistical significance, plus groups that appeared or disappeared. Use it for 'what changed"
        + " between yesterday and today', 'is checkout slower this week than last week'. Reads the minute/hour/day"
        + " aggregates, so any window length answers fast; windows are widened to whole minutes. "
        + AggregateArguments.RANKING;
  }

  @Override
  public InputSchema schema() {
    return AggregateArguments.filters(new InputSchema()
            .string("a_from", "Start of the reference window (e.g. yesterday, 2026-11-24T14:00:00Z, now-2d)."
                + " A named range or date alone is the whole window.")
            .string("a_to", "End of the reference window (exclusive); omit when a_from is a range.")
            .string("b_from", "Start of the window in question (e.g. today, now-1h).")
            .string("b_to", "End of the window in question (exclusive); omit for now or when b_from is a range.")
            .string("tz", "Time zone for dates and named ranges (default UTC)."))
        .required("a_from", "b_from");
  }

  @Override
  public ToolOutput call(Arguments args) {
    ZoneId zone = TimeWindowParser.zone(args.string("tz"), "tz");
    TimeWindow a0 = parseWindow(parser, args.requiredString("a_from"), args.string("a_to"), zone, "a_from", "a_to");
    TimeWindow b0 = parseWindow(parser, args.requiredString("b_from"), args.string("b_to"), zone, "b_from", "b_to");
    Metric metric = AggregateArguments.metric(args);
    GroupBy groupBy = AggregateArguments.groupBy(args, metric);
    AggregateFilter filter = AggregateArguments.filter(args);
    int limit = args.integer("limit", 1, 500, 20);
    AggregateQuery q = aggregates.get();
    TimeWindow a = AggregateArguments.closed(a0, q, metric);
    TimeWindow b = AggregateArguments.closed(b0, q, metric);
    Map<String, GroupStats> before = q.stats(a.from(), a.to(), groupBy, filter, metric);
    Map<String, GroupStats> after = q.stats(b.from(), b.to(), groupBy, filter, metric);
    double sa = seconds(a);
    double sb = seconds(b);
    List<GroupChange> changes = WindowComparison.compare(before, sa, after, sb, metric);
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String> appeared = new ArrayList<>();
    List<String> disappeared = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      GroupChange c = changes.get(i);
      if (c.kind().equals("appeared")) {
        appeared.add(c.group());
      } else if (c.kind().equals("disappeared")) {
        disappeared.add(c.group());
      }
      if (rows.size() < limit) {
        rows.add(AggregateArguments.change(c, i + 1, sa, sb));
      }
    }
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("a", JsonValues.window(a));
    content.put("b", JsonValues.window(b));
    content.put("metric", metric.name().toLowerCase());
    content.put("group_by", groupBy.name().toLowerCase());
    content.put("ranking", AggregateArguments.RANKING);
    content.put("rows", rows);
    content.put("groups", changes.size());
    content.put("truncated", changes.size() > limit);
    content.put("appeared", appeared);
    content.put("disappeared", disappeared);
    String summary = changes.isEmpty()
        ? "no data in either window for these filters"
        : "most significant change of " + changes.size() + " " + groupBy.name().toLowerCase() + " groups: "
            + AggregateArguments.describe(changes.get(0), metric)
            + (appeared.isEmpty() ? "" : "; appeared: " + String.join(", ", appeared.subList(0, Math.min(3, appeared.size()))))
            + (disappeared.isEmpty() ? "" : "; disappeared: "
                + String.join(", ", disappeared.subList(0, Math.min(3, disappeared.size()))));
    return new ToolOutput(summary, content);
  }

  /** Parses one window, naming its own arguments ({@code a_from}, ...) in errors. */
  static TimeWindow parseWindow(TimeWindowParser parser, String from, String to, ZoneId zone, String fromName,
      String toName) {
    try {
      return parser.parse(from, to, zone);
    } catch (InvalidArgumentException e) {
      String problem = e.getMessage().substring(e.argument().length() + 2);
      throw new InvalidArgumentException(e.argument().equals("to") ? toName : fromName, problem);
    }
  }

  static double seconds(TimeWindow w) {
    return Math.max(1, (w.toMicros() - w.fromMicros()) / 1e6);
  }
}
