package io.wirelake.cli.capture;

import io.wirelake.ingest.live.CaptureCounters;
import io.wirelake.ingest.live.CaptureOpenException;
import io.wirelake.ingest.live.LiveCapture;
import io.wirelake.ingest.live.LiveCaptureSettings;
import java.time.Duration;

/**
 * This machine's sniffer, as {@code sniff} and {@code up} run it: a {@link LiveCapture} that can be stopped and
 * started again with the same settings. Its counters are totals over every capture it ran, so they never go
 * backwards across a stop and a start.
 */
public final class LocalSniffer implements AutoCloseable {
  private final LiveCaptureSettings settings;
  private final Duration drainTimeout;
  private LiveCapture current;
  private CaptureCounters.Snapshot before = zero(0);

  /** @param drainTimeout how long a stop waits for queued frames to reach Kafka */
  public LocalSniffer(LiveCaptureSettings settings, Duration drainTimeout) {
    this.settings = settings;
    this.drainTimeout = drainTimeout;
  }

  public LiveCaptureSettings settings() {
    return settings;
  }

  /** Opens the interface and captures; false when it already does. */
  public synchronized boolean start() throws CaptureOpenException {
    if (current != null && current.isCapturing()) {
      return false;
    }
    retire();
    current = LiveCapture.start(settings);
    return true;
  }

  /** Stops capturing after sending what is queued (up to the drain timeout); false when it was not capturing. */
  public synchronized boolean stop() {
    if (current == null) {
      return false;
    }
    boolean was = current.isCapturing();
    retire();
    return was;
  }

  /** Whether the capture thread runs. */
  public synchronized boolean isCapturing() {
    return current != null && current.isCapturing();
  }

  /** Whether it captures and Kafka has answered. */
  public synchronized boolean isReady() {
    return current != null && current.isReady();
  }

  /** The counters summed over every capture so far; the queue fields are the running capture's. */
  public synchronized CaptureCounters.Snapshot totals() {
    if (current == null) {
      return before;
    }
    CaptureCounters.Snapshot s = current.counters().snapshot();
    CaptureCounters.Snapshot b = before;
    return new CaptureCounters.Snapshot(b.captured() + s.captured(), b.kernelDrops() + s.kernelDrops(),
        b.interfaceDrops() + s.interfaceDrops(), b.queueDrops() + s.queueDrops(), b.produced() + s.produced(),
        b.produceErrors() + s.produceErrors(), b.decodeSkips() + s.decodeSkips(),
        b.bytesProduced() + s.bytesProduced(), s.queuedFrames(), s.queuedBytes(), s.queueCapacityBytes());
  }

  /** The running capture, or null (tests look at it). */
  public synchronized LiveCapture current() {
    return current;
  }

  private void retire() {
    if (current == null) {
      return;
    }
    current.stop(drainTimeout);
    before = totals();
    before = new CaptureCounters.Snapshot(before.captured(), before.kernelDrops(), before.interfaceDrops(),
        before.queueDrops(), before.produced(), before.produceErrors(), before.decodeSkips(), before.bytesProduced(),
        0, 0, settings.queueBytes());
    current = null;
  }

  private static CaptureCounters.Snapshot zero(long capacity) {
    return new CaptureCounters.Snapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, capacity);
  }

  @Override
  public synchronized void close() {
    retire();
  }
}
