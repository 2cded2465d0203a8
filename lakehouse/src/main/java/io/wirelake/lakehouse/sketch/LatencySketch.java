package io.wirelake.lakehouse.sketch;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.Store;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * A mergeable distribution of microsecond durations with 1% relative accuracy (a DDSketch), as stored in the
 * {@code *_sketch} columns of the aggregate tables. Percentiles use the nearest-rank definition that raw-row
 * percentiles use ({@code sorted[ceil(p/100*n)-1]}), so a sketch answer is the raw answer within 1%.
 */
public final class LatencySketch {
  /** Relative accuracy of every value the sketch returns. */
  public static final double RELATIVE_ACCURACY = 0.01;

  private static final IndexMapping MAPPING = new LogarithmicMapping(RELATIVE_ACCURACY);

  private final DDSketch sketch;

  private LatencySketch(DDSketch sketch) {
    this.sketch = sketch;
  }

  public static LatencySketch empty() {
    return new LatencySketch(new DDSketch(MAPPING, UnboundedSizeDenseStore::new));
  }

  /** Decodes the bytes written by {@link #toBytes}; a corrupt value is an {@link IllegalArgumentException}. */
  public static LatencySketch fromBytes(byte[] bytes) {
    try {
      return new LatencySketch(DDSketch.decode(ByteArrayInput.wrap(bytes), UnboundedSizeDenseStore::new, MAPPING));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a latency sketch: " + e.getMessage(), e);
    }
  }

  public void add(long micros) {
    sketch.accept(micros);
  }

  public void merge(LatencySketch other) {
    sketch.mergeWith(other.sketch);
  }

  /** Merges a sketch in its stored form without building an intermediate object. */
  public void mergeBytes(byte[] bytes) {
    try {
      sketch.decodeAndMergeWith(ByteArrayInput.wrap(bytes));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a latency sketch: " + e.getMessage(), e);
    }
  }

  public long count() {
    return Math.round(sketch.getCount());
  }

  /** How many values lie above {@code threshold}, to the sketch's accuracy (by bin, as values are binned). */
  public long countAbove(long threshold) {
    double above = 0;
    if (threshold < 0) {
      Iterator<Bin> negative = sketch.getNegativeValueStore().getAscendingIterator();
      while (negative.hasNext()) {
        Bin b = negative.next();
        if (-MAPPING.value(b.getIndex()) > threshold) {
          above += b.getCount();
        }
      }
      above += count() - sketch.getPositiveValueStore().getTotalCount()
          - sketch.getNegativeValueStore().getTotalCount();
    }
    Iterator<Bin> it = sketch.getPositiveValueStore().getDescendingIterator();
    while (it.hasNext()) {
      Bin b = it.next();
      if (MAPPING.value(b.getIndex()) <= threshold) {
        break;
      }
      above += b.getCount();
    }
    return Math.round(above);
  }

  public byte[] toBytes() {
    GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
    try {
      sketch.encode(out, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.trimmedCopy();
  }

  /**
   * The nearest-rank {@code p}-th percentile (0 &lt; p &le; 100) within {@link #RELATIVE_ACCURACY}, or null when
   * empty.
   */
  public Long percentile(double p) {
    long n = count();
    if (n == 0) {
      return null;
    }
    long rank = Math.max(1, (long) Math.ceil(p / 100.0 * n));
    long seen = 0;
    // negative values, most negative first: the negative store holds |v| by index, so walk it descending
    Iterator<Bin> negative = sketch.getNegativeValueStore().getDescendingIterator();
    while (negative.hasNext()) {
      Bin b = negative.next();
      seen += Math.round(b.getCount());
      if (seen >= rank) {
        return -Math.round(MAPPING.value(b.getIndex()));
      }
    }
    Store positive = sketch.getPositiveValueStore();
    long zeros = n - Math.round(positive.getTotalCount()) - Math.round(sketch.getNegativeValueStore().getTotalCount());
    seen += zeros;
    if (seen >= rank) {
      return 0L;
    }
    Iterator<Bin> it = positive.getAscendingIterator();
    Bin last = null;
    while (it.hasNext()) {
      last = it.next();
      seen += Math.round(last.getCount());
      if (seen >= rank) {
        return Math.round(MAPPING.value(last.getIndex()));
      }
    }
    return last == null ? 0L : Math.round(MAPPING.value(last.getIndex()));
  }
}
