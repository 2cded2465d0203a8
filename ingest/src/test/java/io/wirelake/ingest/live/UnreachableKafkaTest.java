package io.wirelake.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** With Kafka unreachable nothing leaves the queue: the loss is exactly what overflowed it, all counted. */
class UnreachableKafkaTest {
  @Test
  void framesBeyondTheQueueAreCountedAsQueueDrops() throws Exception {
    int frameBytes = 200;
    int capacityFrames = 50;
    int n = 1_000;
    LiveCaptureSettings s = LiveCaptureSettings.of("test", "127.0.0.1:" + deadPort(), "node-a")
        .withQueueBytes((long) capacityFrames * frameBytes)
        .withStatsInterval(Duration.ZERO);
    LiveCapture capture = new LiveCapture(s, null);
    try {
      for (int i = 0; i < n; i++) {
        capture.accept(FrameQueueTest.frame(i, frameBytes));
      }
      Thread.sleep(500); // the sender is waiting for Kafka; it must not take frames meanwhile
      CaptureCounters.Snapshot c = capture.counters().snapshot();
      assertThat(c.captured()).isEqualTo(n);
      assertThat(c.queueDrops()).isEqualTo(n - capacityFrames);
      assertThat(c.queuedFrames()).isEqualTo(capacityFrames);
      assertThat(c.produced()).isZero();
      assertThat(capture.isReady()).isFalse();
    } finally {
      capture.stop(Duration.ofSeconds(1));
    }
    CaptureCounters.Snapshot end = capture.counters().snapshot();
    assertThat(end.queueDrops()).as("what was queued at stop is lost and counted").isEqualTo(n);
    assertThat(end.inFlight()).isZero();
  }

  /** A loopback port nothing listens on. */
  private static int deadPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
