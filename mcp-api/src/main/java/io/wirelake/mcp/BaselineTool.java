package io.wirelake.mcp;

import io.wirelake.lakehouse.aggregate.AggregateFilter;
import io.wirelake.lakehouse.aggregate.AggregateQuery;
import io.wirelake.lakehouse.aggregate.GroupBy;
import io.wirelake.lakehouse.aggregate.GroupChange;
import io.wirelake.lakehouse.aggregate.Baseline;
import io.wirelake.lakehouse.aggregate.Metric;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.query.TimeWindowParser;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code get_baseline}: a window against its normal behaviour, either the same time of day over the previous
 * days or the trailing windows of the same length just before it.
 */
final class BaselineTool implements WirelakeTool {
  static final List<String> KINDS = List.of("same_time_previous_days", "trailing");

  private final Supplier<AggregateQuery> aggregates;
  private final TimeWindowParser parser;

  BaselineTool(Supplier<AggregateQuery> aggregates, TimeWindowParser parser) {
    this.aggregates = aggregates;
    this.parser = parser;
  }

  @Override
  public String name() {
    return "get_baseline";
  }

  @Override
  public String description() {
    return "Is this window normal? Compares a window (default: the last hour of data) with its baseline: the same time of"
        + " day on each of the previous N days (default 7), or the N windows of equal length just before it"
        + " (baseline=trailing). For each group: the window's numbers, the baseline's (all baseline windows merged),"
        + " the spread across the baseline windows (min, max, standard deviation of the headline number), and how"
        + " far the window deviates, most significant first. Use it for 'is the user-service behaving unusually'. "
        + AggregateArguments.RANKING;
  }

  @Override
  public InputSchema schema() {
    return AggregateArguments.filters(CommonArguments.window(new InputSchema()))
        .enumeration("baseline", "same_time_previous_days (default) or trailing.", KINDS, KINDS.get(0))
        .integer("periods", "How many baseline windows: days, or trailing windows (default 7).", 1, 90, 7L);
  }

  @Override
  public ToolOutput call(Arguments args) {
    ZoneId zone = TimeWindowParser.zone(args.string("tz"), "tz");
    Metric metric = AggregateArguments.metric(args);
    TimeWindow window = AggregateArguments.closed(
        CompareWindowsTool.parseWindow(parser, args.string("from"), args.string("to"), zone, "from", "to"),
        aggregates.get(), metric);
    if (!args.has("from")) {
      // no window given: the last hour of data
      window = new TimeWindow(window.to().minus(Duration.ofHours(1)), window.to());
    }
    GroupBy groupBy = AggregateArguments.groupBy(args, metric);
    AggregateFilter filter = AggregateArguments.filter(args);
    String kind = args.enumeration("baseline", KINDS, KINDS.get(0));
    int periods = args.integer("periods", 1, 90, 7);
    int limit = args.integer("limit", 1, 500, 20);
    Duration length = Duration.between(window.from(), window.to());
    Duration step = kind.equals("trailing") ? length : Duration.ofDays(1);
    Baseline.Result result = Baseline.against(aggregates.get(), window.from(), window.to(), step, periods, metric,
        groupBy, filter);
    List<GroupChange> changes = result.changes();
    double seconds = CompareWindowsTool.seconds(window);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < changes.size() && rows.size() < limit; i++) {
      GroupChange c = changes.get(i);
      Map<String, Object> row = AggregateArguments.change(c, i + 1, seconds * periods, seconds);
      row.put("baseline_spread", spread(result.spread().get(c.group()), periods));
      rows.add(row);
    }
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("window", JsonValues.window(window));
    content.put("baseline", kind);
    content.put("periods", periods);
    content.put("metric", metric.name().toLowerCase());
    content.put("group_by", groupBy.name().toLowerCase());
    content.put("ranking", AggregateArguments.RANKING);
    content.put("rows", rows);
    content.put("groups", changes.size());
    content.put("truncated", changes.size() > limit);
    String summary = changes.isEmpty()
        ? "no data in the window or its baseline for these filters"
        : "largest deviation from the " + periods + "-period " + kind.replace('_', ' ') + " baseline among "
            + changes.size() + " groups: " + AggregateArguments.describe(changes.get(0), metric);
    return new ToolOutput(summary, content);
  }

  /** The spread of a group's headline number across the baseline windows, for the result. */
  static Map<String, Object> spread(Baseline.Spread spread, int periods) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("periods", periods);
    m.put("periods_with_data", spread == null ? 0 : spread.periodsWithData());
    if (spread != null) {
      m.put("min", JsonValues.round(spread.min()));
      m.put("max", JsonValues.round(spread.max()));
      m.put("mean", JsonValues.round(spread.mean()));
      m.put("stddev", JsonValues.round(spread.stddev()));
    }
    return m;
  }
}
