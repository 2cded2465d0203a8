package io.wirelake.ingest.live;

import io.wirelake.ingest.capture.CapturedFrame;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pcap4j.core.PcapHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live capture from a network interface into Kafka. A capture thread polls libpcap and only copies frames into
 * a bounded queue (dropping the oldest when full, never waiting); a sender thread decodes, encodes and produces
 * them as segments. Counters are logged every {@link LiveCaptureSettings#statsInterval()} and readable through
 * {@link #counters()}. Closing stops capture first, then sends what is queued.
 */
public final class LiveCapture implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveCapture.class);

  private final LiveCaptureSettings settings;
  private final FrameQueue queue;
  private final CaptureCounters counters;
  private final SegmentSender sender;
  private final Thread senderThread;
  private final CaptureLoop loop;
  private final Thread captureThread;
  private final int linkType;
  private final ScheduledExecutorService statsLog;
  private volatile boolean closed;

  /** Opens the interface and starts capturing. */
  public static LiveCapture start(LiveCaptureSettings s) throws CaptureOpenException {
    PcapHandle handle = InterfaceOpener.open(s);
    try {
      return new LiveCapture(s, handle);
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
  }

  /**
   * Fails with the sentence the user needs (libpcap missing, no such interface and the ones there are, no
   * permission) before anything else is started.
   */
  public static void checkInterface(String iface) throws CaptureOpenException {
    java.util.List<String> names = InterfaceOpener.interfaces();
    if (!names.contains(iface)) {
      throw new CaptureOpenException("no such interface: " + iface + " (available: " + String.join(", ", names)
          + ")", null);
    }
  }

  /** A capture fed through {@link #accept} only when {@code handle} is null (tests). */
  LiveCapture(LiveCaptureSettings s, PcapHandle handle) {
    this.settings = s;
    this.queue = new FrameQueue(s.queueBytes());
    this.counters = new CaptureCounters(queue);
    this.sender = new SegmentSender(queue, counters, s);
    this.senderThread = new Thread(sender, "wirelake-sniff-sender");
    this.senderThread.setDaemon(true);
    this.senderThread.start();
    if (handle != null) {
      this.linkType = handle.getDlt().value();
      this.loop = new CaptureLoop(handle, this, s.iface(), linkType);
      this.captureThread = new Thread(loop, "wirelake-sniff-capture-" + s.iface());
      this.captureThread.setDaemon(true);
      this.captureThread.setPriority(Thread.MAX_PRIORITY);
      this.captureThread.start();
      LOG.info("capturing on {} (link type {}, snaplen {}, filter {})", s.iface(), linkType, s.snaplen(),
          s.hasFilter() ? "\"" + s.bpf() + "\"" : "none");
    } else {
      this.linkType = -1;
      this.loop = null;
      this.captureThread = null;
    }
    Duration every = s.statsInterval();
    if (every != null && !every.isZero() && !every.isNegative()) {
      statsLog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wirelake-sniff-stats");
        t.setDaemon(true);
        return t;
      });
      statsLog.scheduleAtFixedRate(() -> LOG.info("{}: {}", s.iface(), counters.snapshot()), every.toMillis(),
          every.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      statsLog = null;
    }
  }

  /** What the capture thread does with a frame: count it and queue it. */
  void accept(CapturedFrame f) {
    counters.captured.increment();
    queue.offer(f);
  }

  public CaptureCounters counters() {
    return counters;
  }

  public LiveCaptureSettings settings() {
    return settings;
  }

  /** The libpcap link type of the interface. */
  public int linkType() {
    return linkType;
  }

  /** Whether the capture thread is alive (liveness). */
  public boolean isCapturing() {
    return captureThread != null && captureThread.isAlive();
  }

  /** Whether frames flow: the handle is open and Kafka has answered (readiness). */
  public boolean isReady() {
    return isCapturing() && sender.kafkaReachable();
  }

  /** Waits for the capture thread to end (it ends on {@link #close} or a failure). */
  public void awaitCaptureEnd(Duration timeout) throws InterruptedException {
    if (captureThread != null) {
      captureThread.join(Math.max(1, timeout.toMillis()));
    }
  }

  /**
   * Stops capturing, then gives the sender up to {@code drainTimeout} to send what is queued; what is still
   * queued after that (or at once when Kafka never answered) is counted as dropped.
   */
  public void stop(Duration drainTimeout) {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (loop != null) {
        loop.stop();
        captureThread.join(5_000);
      }
      sender.stop();
      if (!sender.kafkaReachable()) {
        senderThread.interrupt();
      }
      senderThread.join(Math.max(1, drainTimeout.toMillis()));
      if (senderThread.isAlive()) {
        senderThread.interrupt();
        senderThread.join(15_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (statsLog != null) {
        statsLog.shutdownNow();
      }
      LOG.info("{}: stopped; {}", settings.iface(), counters.snapshot());
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }
}
