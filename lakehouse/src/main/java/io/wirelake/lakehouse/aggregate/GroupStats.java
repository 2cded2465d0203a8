package io.wirelake.lakehouse.aggregate;

import io.wirelake.lakehouse.sketch.LatencySketch;

/**
 * The merged statistics of one group over a window: counts and a latency (or handshake RTT) sketch.
 * {@code count} is requests (or connections), {@code failures} errors (or resets).
 */
public final class GroupStats {
  private final String group;
  private long count;
  private long failures;
  private long sumUs;
  private Long maxUs;
  private final LatencySketch sketch = LatencySketch.empty();

  GroupStats(String group) {
    this.group = group;
  }

  void add(long count, long failures, Long sumUs, Long maxUs, byte[] sketchBytes) {
    this.count += count;
    this.failures += failures;
    if (sumUs != null) {
      this.sumUs += sumUs;
    }
    if (maxUs != null) {
      this.maxUs = this.maxUs == null ? maxUs : Math.max(this.maxUs, maxUs);
    }
    if (sketchBytes != null) {
      sketch.mergeBytes(sketchBytes);
    }
  }

  void merge(GroupStats other) {
    count += other.count;
    failures += other.failures;
    sumUs += other.sumUs;
    if (other.maxUs != null) {
      maxUs = maxUs == null ? other.maxUs : Math.max(maxUs, other.maxUs);
    }
    sketch.merge(other.sketch);
  }

  public String group() {
    return group;
  }

  public long count() {
    return count;
  }

  public long failures() {
    return failures;
  }

  /** failures / count, 0 for an empty group. */
  public double failureRate() {
    return count == 0 ? 0 : (double) failures / count;
  }

  /**
   * Nearest-rank percentile from the sketch (1% relative error), never above the exact maximum where that is
   * known; null without measured values.
   */
  public Long percentile(double p) {
    Long v = sketch.percentile(p);
    return v == null || maxUs == null ? v : Math.min(v, maxUs);
  }

  public Long maxUs() {
    return maxUs;
  }

  /** Mean of the measured values, null without any. */
  public Double meanUs() {
    long n = sketch.count();
    return n == 0 ? null : (double) sumUs / n;
  }

  /** How many values were measured (requests with a response, connections with a handshake). */
  public long measured() {
    return sketch.count();
  }

  /** Share of measured values above {@code thresholdUs}, read from the sketch. */
  public double shareAbove(long thresholdUs) {
    long n = sketch.count();
    return n == 0 ? 0 : (double) sketch.countAbove(thresholdUs) / n;
  }
}
