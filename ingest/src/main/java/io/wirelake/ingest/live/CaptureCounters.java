package io.wirelake.ingest.live;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The running counts of a live capture; every field may be read at any time from any thread. */
public final class CaptureCounters {
  final LongAdder captured = new LongAdder();
  final AtomicLong kernelDrops = new AtomicLong();
  final AtomicLong interfaceDrops = new AtomicLong();
  final LongAdder produced = new LongAdder();
  final LongAdder produceErrors = new LongAdder();
  final LongAdder decodeSkips = new LongAdder();
  final LongAdder bytesProduced = new LongAdder();
  private final FrameQueue queue;

  CaptureCounters(FrameQueue queue) {
    this.queue = queue;
  }

  /**
   * One reading of the counters.
   *
   * @param captured frames the capture thread read from libpcap
   * @param kernelDrops libpcap {@code ps_drop}: dropped because the kernel buffer was full
   * @param interfaceDrops libpcap {@code ps_ifdrop}: dropped by the interface or its driver
   * @param queueDrops frames dropped from the bounded queue (oldest first) because Kafka did not keep up
   * @param produced segments Kafka acknowledged
   * @param produceErrors segments Kafka rejected or that timed out
   * @param decodeSkips frames that are not TCP or UDP over IP (or are malformed): not segments
   * @param bytesProduced captured bytes of the acknowledged segments
   * @param queuedFrames frames waiting in the queue now
   * @param queuedBytes bytes waiting in the queue now
   * @param queueCapacityBytes the queue's bound
   */
  public record Snapshot(long captured, long kernelDrops, long interfaceDrops, long queueDrops, long produced,
      long produceErrors, long decodeSkips, long bytesProduced, long queuedFrames, long queuedBytes,
      long queueCapacityBytes) {

    /** Frames captured and not (yet) accounted for as produced, skipped, dropped or failed. */
    public long inFlight() {
      return captured - produced - produceErrors - decodeSkips - queueDrops;
    }

    @Override
    public String toString() {
      return String.format("captured=%d produced=%d decode_skips=%d queue_drops=%d kernel_drops=%d "
              + "interface_drops=%d produce_errors=%d queued=%d (%d bytes)", captured, produced, decodeSkips,
          queueDrops, kernelDrops, interfaceDrops, produceErrors, queuedFrames, queuedBytes);
    }
  }

  public Snapshot snapshot() {
    return new Snapshot(captured.sum(), kernelDrops.get(), interfaceDrops.get(), queue.dropped(), produced.sum(),
        produceErrors.sum(), decodeSkips.sum(), bytesProduced.sum(), queue.size(), queue.bytes(),
        queue.capacityBytes());
  }
}
