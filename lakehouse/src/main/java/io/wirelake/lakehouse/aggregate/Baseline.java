package io.wirelake.lakehouse.aggregate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A window against its normal behaviour: the same window shifted back by {@code step} (a day, or the window's
 * own length for a trailing baseline) {@code periods} times. The baseline windows are merged into one
 * reference for the ranking, and the spread of each group's headline number across them says how much it
 * normally varies.
 */
public final class Baseline {
  private Baseline() {}

  /** The ranked deviations and, per group, the spread of its headline number over the baseline windows. */
  public record Result(List<GroupChange> changes, Map<String, Spread> spread) {}

  /** Min, max, mean and sample standard deviation over the baseline windows that had data. */
  public record Spread(int periodsWithData, double min, double max, double mean, double stddev) {}

  public static Result against(AggregateQuery query, Instant from, Instant to, Duration step, int periods,
      Metric metric, GroupBy groupBy, AggregateFilter filter) {
    double seconds = Math.max(1, Duration.between(from, to).toMillis() / 1000.0);
    Map<String, GroupStats> current = query.stats(from, to, groupBy, filter, metric);
    Map<String, GroupStats> merged = new HashMap<>();
    Map<String, List<Double>> values = new HashMap<>();
    for (int i = 1; i <= periods; i++) {
      Duration back = step.multipliedBy(i);
      for (Map.Entry<String, GroupStats> e
          : query.stats(from.minus(back), to.minus(back), groupBy, filter, metric).entrySet()) {
        Double v = WindowComparison.headline(e.getValue(), metric, seconds);
        if (v != null) {
          values.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(v);
        }
        merged.merge(e.getKey(), e.getValue(), (a, b) -> {
          a.merge(b);
          return a;
        });
      }
    }
    Map<String, Spread> spread = new HashMap<>();
    values.forEach((k, v) -> spread.put(k, spread(v)));
    return new Result(WindowComparison.compare(merged, seconds * periods, current, seconds, metric), spread);
  }

  static Spread spread(List<Double> v) {
    double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double var = v.size() < 2 ? 0 : v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (v.size() - 1);
    return new Spread(v.size(), v.stream().mapToDouble(Double::doubleValue).min().orElse(0),
        v.stream().mapToDouble(Double::doubleValue).max().orElse(0), mean, Math.sqrt(var));
  }
}
