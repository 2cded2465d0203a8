package io.wirelake.flink.job;

import io.wirelake.flink.model.Packet;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Watermarks for live traffic: the newest packet time less the allowed disorder, and, once a partition has
 * been quiet for {@code quietMillis}, event time moving on with the wall clock from there. Without that a
 * quiet network would hold back the last connections, calls and windows until the next packet; packets are
 * stamped by a capture clock that runs with the wall clock, so a quiet period is time passing. A partition
 * that never had a packet is idle and holds nothing back. Bounded replays do not use it: their watermarks
 * depend on the packets alone, so replaying gives the same tables.
 */
final class LiveWatermarks implements WatermarkGenerator<Packet> {
  private final long disorderMillis;
  private final long quietMillis;
  private final LongSupplier nanoTime;
  private final long startedNanos;
  private long maxMillis = Long.MIN_VALUE;
  private long lastEventNanos;
  private long emittedMillis = Long.MIN_VALUE;

  LiveWatermarks(long disorderMillis, long quietMillis) {
    this(disorderMillis, quietMillis, System::nanoTime);
  }

  LiveWatermarks(long disorderMillis, long quietMillis, LongSupplier nanoTime) {
    this.disorderMillis = disorderMillis;
    this.quietMillis = quietMillis;
    this.nanoTime = nanoTime;
    this.startedNanos = nanoTime.getAsLong();
  }

  @Override
  public void onEvent(Packet packet, long timestampMillis, WatermarkOutput output) {
    if (timestampMillis > maxMillis) {
      maxMillis = timestampMillis;
    }
    lastEventNanos = nanoTime.getAsLong();
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long now = nanoTime.getAsLong();
    if (maxMillis == Long.MIN_VALUE) {
      if ((now - startedNanos) / 1_000_000 >= quietMillis) {
        output.markIdle();
      }
      return;
    }
    long quietFor = (now - lastEventNanos) / 1_000_000;
    long advance = Math.max(0, quietFor - quietMillis);
    emittedMillis = Math.max(emittedMillis, maxMillis - disorderMillis - 1 + advance);
    output.emitWatermark(new Watermark(emittedMillis));
  }
}
