package io.wirelake.lakehouse.aggregate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares two windows group by group and ranks the differences by how unlikely they are given the sample
 * sizes, so a change seen in 50,000 requests outranks a bigger-looking one seen in 12.
 *
 * <ul>
 *   <li>latency and handshake: the share of the second window's values above the first window's p50, and
 *       above its p99, each compared with the first window's own share by a two-proportion z-test; the larger
 *       |z| counts. This catches a shifted median as well as a grown tail.
 *   <li>errors: a two-proportion z-test of the failure rates.
 *   <li>volume: the difference of Poisson rates per second divided by its standard error.
 *   <li>a group present in one window only: z = sqrt(count), as against a Poisson rate of zero.
 * </ul>
 */
public final class WindowComparison {
  private WindowComparison() {}

  public static List<GroupChange> compare(Map<String, GroupStats> before, double beforeSeconds,
      Map<String, GroupStats> after, double afterSeconds, Metric metric) {
    Set<String> keys = new HashSet<>(before.keySet());
    keys.addAll(after.keySet());
    List<GroupChange> changes = new ArrayList<>();
    for (String k : keys) {
      GroupStats a = before.get(k);
      GroupStats b = after.get(k);
      if (a == null || a.count() == 0) {
        changes.add(new GroupChange(k, "appeared", null, b, null, headline(b, metric, afterSeconds), null, null,
            Math.sqrt(b.count())));
      } else if (b == null || b.count() == 0) {
        changes.add(new GroupChange(k, "disappeared", a, null, headline(a, metric, beforeSeconds), null, null, null,
            -Math.sqrt(a.count())));
      } else {
        Double va = headline(a, metric, beforeSeconds);
        Double vb = headline(b, metric, afterSeconds);
        Double abs = va == null || vb == null ? null : vb - va;
        Double rel = abs == null || va == 0 ? null : abs / va;
        changes.add(new GroupChange(k, "changed", a, b, va, vb, abs, rel,
            significance(a, beforeSeconds, b, afterSeconds, metric)));
      }
    }
    changes.sort(Comparator.comparingDouble((GroupChange c) -> -Math.abs(c.significance()))
        .thenComparing(GroupChange::group));
    return changes;
  }

  static Double headline(GroupStats s, Metric metric, double seconds) {
    switch (metric) {
      case LATENCY:
      case HANDSHAKE:
        Long p99 = s.percentile(99);
        return p99 == null ? null : p99.doubleValue();
      case ERRORS:
        return s.failureRate();
      case VOLUME:
        return s.count() / seconds;
      default:
        throw new IllegalStateException(metric.name());
    }
  }

  static double significance(GroupStats a, double secondsA, GroupStats b, double secondsB, Metric metric) {
    switch (metric) {
      case LATENCY:
      case HANDSHAKE: {
        double best = 0;
        for (double p : new double[] {50, 99}) {
          Long threshold = a.percentile(p);
          if (threshold == null || b.measured() == 0) {
            continue;
          }
          double z = twoProportionZ(a.shareAbove(threshold), a.measured(), b.shareAbove(threshold), b.measured());
          if (Math.abs(z) > Math.abs(best)) {
            best = z;
          }
        }
        return best;
      }
      case ERRORS:
        return twoProportionZ(a.failureRate(), a.count(), b.failureRate(), b.count());
      case VOLUME: {
        double ra = a.count() / secondsA;
        double rb = b.count() / secondsB;
        double se = Math.sqrt(a.count() / (secondsA * secondsA) + b.count() / (secondsB * secondsB));
        return se == 0 ? 0 : (rb - ra) / se;
      }
      default:
        throw new IllegalStateException(metric.name());
    }
  }

  /** z of the difference of two proportions with a pooled variance; 0 when it is undefined. */
  static double twoProportionZ(double p1, long n1, double p2, long n2) {
    if (n1 == 0 || n2 == 0) {
      return 0;
    }
    double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    double var = pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2);
    if (var <= 0) {
      return 0;
    }
    return (p2 - p1) / Math.sqrt(var);
  }
}
