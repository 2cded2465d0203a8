package io.wirelake.flink.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class LiveWatermarksTest {
  private static final long MS = 1_000_000L;

  private long now;
  private final List<Long> emitted = new ArrayList<>();
  private boolean idle;
  private final WatermarkOutput output = new WatermarkOutput() {
    @Override
    public void emitWatermark(Watermark watermark) {
      emitted.add(watermark.getTimestamp());
      idle = false;
    }

    @Override
    public void markIdle() {
      idle = true;
    }

    @Override
    public void markActive() {
      idle = false;
    }
  };

  @Test
  void followsPacketsAndMovesOnWithTheWallClockOnlyAfterAQuietPeriod() {
    LiveWatermarks w = new LiveWatermarks(2_000, 1_000, () -> now);
    w.onEvent(null, 50_000, output);
    w.onEvent(null, 48_000, output); // disorder never moves it back
    now = 500 * MS;
    w.onPeriodicEmit(output);
    now = 3_500 * MS; // quiet for 3.5 s: 2.5 s beyond the quiet period
    w.onPeriodicEmit(output);
    w.onEvent(null, 50_100, output); // traffic again: packets lead, and the watermark never goes back
    now = 3_600 * MS;
    w.onPeriodicEmit(output);
    w.onEvent(null, 53_000, output);
    w.onPeriodicEmit(output);
    assertThat(emitted).containsExactly(47_999L, 50_499L, 50_499L, 50_999L);
  }

  @Test
  void aPartitionWithoutPacketsTurnsIdleAfterTheQuietPeriod() {
    LiveWatermarks w = new LiveWatermarks(2_000, 1_000, () -> now);
    now = 500 * MS;
    w.onPeriodicEmit(output);
    assertThat(idle).isFalse();
    now = 1_000 * MS;
    w.onPeriodicEmit(output);
    assertThat(idle).isTrue();
    assertThat(emitted).isEmpty();
  }
}
