package io.wirelake.lakehouse.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencySketchTest {
  static long nearestRank(List<Long> sorted, double p) {
    return sorted.get((int) Math.max(1, Math.ceil(p / 100.0 * sorted.size())) - 1);
  }

  @Test
  void percentilesAreNearestRankWithinOnePercent() {
    Random r = new Random(7);
    LatencySketch s = LatencySketch.empty();
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      long v = (long) Math.exp(r.nextGaussian() * 1.5 + 7); // log-normal around 1 ms
      values.add(v);
      s.add(v);
    }
    Collections.sort(values);
    for (double p : new double[] {1, 50, 90, 99, 99.9, 100}) {
      long want = nearestRank(values, p);
      assertThat((double) s.percentile(p)).as("p%s", p).isCloseTo(want, org.assertj.core.data.Percentage.withPercentage(1.0));
    }
  }

  @Test
  void smallSamplesPickTheNearestRankElement() {
    LatencySketch s = LatencySketch.empty();
    for (long v : new long[] {100, 200, 300, 400, 10_000}) {
      s.add(v);
    }
    // n = 5: p50 -> 3rd (300), p90 -> 5th (10000), p20 -> 1st (100)
    assertThat((double) s.percentile(50)).isCloseTo(300, org.assertj.core.data.Percentage.withPercentage(1.0));
    assertThat((double) s.percentile(90)).isCloseTo(10_000, org.assertj.core.data.Percentage.withPercentage(1.0));
    assertThat((double) s.percentile(20)).isCloseTo(100, org.assertj.core.data.Percentage.withPercentage(1.0));
  }

  @Test
  void mergedBytesEqualOneSketchOfEverything() {
    LatencySketch a = LatencySketch.empty();
    LatencySketch b = LatencySketch.empty();
    LatencySketch all = LatencySketch.empty();
    for (long v = -50; v < 5_000; v += 7) {
      (v % 2 == 0 ? a : b).add(v);
      all.add(v);
    }
    LatencySketch merged = LatencySketch.fromBytes(a.toBytes());
    merged.mergeBytes(b.toBytes());
    assertThat(merged.count()).isEqualTo(all.count());
    for (double p : new double[] {1, 10, 50, 90, 99}) {
      assertThat(merged.percentile(p)).isEqualTo(all.percentile(p));
    }
    assertThat(merged.percentile(1)).isNegative();
  }

  @Test
  void emptyHasNoPercentileAndGarbageIsRejected() {
    assertThat(LatencySketch.empty().percentile(50)).isNull();
    assertThatThrownBy(() -> LatencySketch.fromBytes(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
