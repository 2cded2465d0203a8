package io.wirelake.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.ingest.capture.CapturedFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FrameQueueTest {
  static CapturedFrame frame(long ts, int bytes) {
    return new CapturedFrame(ts, 1, "test", new byte[bytes], bytes);
  }

  @Test
  void fullQueueDropsTheOldestAndCountsThem() throws InterruptedException {
    FrameQueue q = new FrameQueue(1000);
    for (int i = 0; i < 25; i++) {
      q.offer(frame(i, 100));
    }
    assertThat(q.dropped()).isEqualTo(15);
    assertThat(q.size()).isEqualTo(10);
    assertThat(q.bytes()).isEqualTo(1000);
    List<CapturedFrame> out = new ArrayList<>();
    q.drainTo(out, 100, 0, TimeUnit.MILLISECONDS);
    assertThat(out).extracting(CapturedFrame::tsMicros).containsExactly(15L, 16L, 17L, 18L, 19L, 20L, 21L, 22L,
        23L, 24L);
    assertThat(q.bytes()).isZero();
  }

  @Test
  void aLargeFrameDropsAsManyOldFramesAsItNeedsRoomFor() {
    FrameQueue q = new FrameQueue(1000);
    for (int i = 0; i < 10; i++) {
      q.offer(frame(i, 100));
    }
    assertThat(q.offer(frame(10, 350))).isEqualTo(4);
    assertThat(q.dropped()).isEqualTo(4);
    assertThat(q.bytes()).isEqualTo(950);
  }

  @Test
  void aFrameLargerThanTheQueueIsItselfDropped() {
    FrameQueue q = new FrameQueue(1000);
    q.offer(frame(0, 100));
    assertThat(q.offer(frame(1, 1001))).isEqualTo(1);
    assertThat(q.size()).isEqualTo(1);
    assertThat(q.dropped()).isEqualTo(1);
  }

  @Test
  void drainingMakesRoomWithoutDrops() throws InterruptedException {
    FrameQueue q = new FrameQueue(1000);
    List<CapturedFrame> out = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      q.offer(frame(i, 100));
      q.drainTo(out, 5, 0, TimeUnit.MILLISECONDS);
    }
    assertThat(q.dropped()).isZero();
    assertThat(out).hasSize(100);
  }

  @Test
  void discardingAtStopCountsWhatWasQueued() {
    FrameQueue q = new FrameQueue(1000);
    q.offer(frame(0, 100));
    q.offer(frame(1, 100));
    assertThat(q.discardAll()).isEqualTo(2);
    assertThat(q.dropped()).isEqualTo(2);
    assertThat(q.size()).isZero();
  }
}
