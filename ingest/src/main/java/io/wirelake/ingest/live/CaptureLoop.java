package io.wirelake.ingest.live;

import io.wirelake.ingest.capture.CapturedFrame;
import java.sql.Timestamp;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapStat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture thread: polls the non-blocking handle, copies each frame into a {@link CapturedFrame} and offers
 * it to the queue; nothing else. When libpcap has nothing it parks for 50 µs, backing off to 1 ms while the
 * interface stays idle (the kernel buffer holds what arrives meanwhile). Reads libpcap's drop counters every
 * second. Owns the handle and closes it on the way out.
 */
final class CaptureLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(CaptureLoop.class);
  private static final long MIN_PARK = TimeUnit.MICROSECONDS.toNanos(50);
  private static final long MAX_PARK = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long STATS_EVERY = TimeUnit.SECONDS.toNanos(1);

  private final PcapHandle handle;
  private final LiveCapture capture;
  private final String iface;
  private final int linkType;
  private volatile boolean stopping;

  CaptureLoop(PcapHandle handle, LiveCapture capture, String iface, int linkType) {
    this.handle = handle;
    this.capture = capture;
    this.iface = iface;
    this.linkType = linkType;
  }

  void stop() {
    stopping = true;
  }

  @Override
  public void run() {
    long park = MIN_PARK;
    long nextStats = System.nanoTime() + STATS_EVERY;
    try {
      while (!stopping) {
        byte[] data = handle.getNextRawPacket();
        if (data == null) {
          LockSupport.parkNanos(park);
          park = Math.min(park * 2, MAX_PARK);
        } else {
          park = MIN_PARK;
          Integer orig = handle.getOriginalLength();
          capture.accept(new CapturedFrame(micros(handle.getTimestamp()), linkType, iface, data,
              orig != null ? orig : data.length));
        }
        if (System.nanoTime() - nextStats >= 0) {
          readStats();
          nextStats += STATS_EVERY;
        }
      }
      readStats();
    } catch (NotOpenException e) {
      LOG.warn("the capture handle on {} closed under the capture thread", iface);
    } catch (RuntimeException e) {
      LOG.error("the capture thread on {} failed", iface, e);
      throw e;
    } finally {
      handle.close();
    }
  }

  private void readStats() {
    try {
      PcapStat s = handle.getStats();
      capture.counters().kernelDrops.set(s.getNumPacketsDropped());
      capture.counters().interfaceDrops.set(s.getNumPacketsDroppedByIf());
    } catch (PcapNativeException | NotOpenException | UnsupportedOperationException e) {
      // statistics are best effort: some handles have none
    }
  }

  static long micros(Timestamp ts) {
    return Math.floorDiv(ts.getTime(), 1000L) * 1_000_000L + ts.getNanos() / 1000;
  }
}
