package io.wirelake.flink.tcp;

import java.util.ArrayList;

/**
 * Reassembles one direction of a TCP connection: buffers out-of-order segments (as references into their
 * frames) and releases bytes in sequence order, each byte once (the first captured copy wins).
 *
 * <p>Sequence numbers are unwrapped to 64 bits relative to the next expected byte, so a connection may
 * cross the 32-bit wraparound any number of times. Released data carries the capture time of the packet
 * whose arrival made it deliverable: for data that waited behind a hole, the packet that filled the hole.
 * A hole is skipped (and reported with {@link ReassemblySink#onGap}) when {@link #skipGap} is called: by the
 * owner on a gap timeout, on a buffer cap, or when the connection ends.
 *
 * <p>Counting (close to Wireshark): a segment whose bytes were all seen before is a retransmission; a segment
 * that starts below the highest sequence seen but carries new bytes is out-of-order.
 *
 * <p>Plain mutable state, Kryo-serializable.
 */
public final class TcpReassembler {
  private int direction;
  private boolean initialized;
  /** Unwrapped sequence number of the next byte to deliver. */
  private long nextSeq;
  /** Highest unwrapped end of any segment seen. */
  private long highestEnd;
  /** Unwrapped sequence number of the FIN (the byte after the last data byte), or -1. */
  private long finSeq = -1;
  private boolean ended;
  /** Buffered out-of-order pieces, sorted by start, non-overlapping, all starting after nextSeq. */
  private ArrayList<Segment> pending = new ArrayList<>();
  private long bufferedBytes;
  /** When the current hole was first seen (event time), or Long.MAX_VALUE without a hole. */
  private long holeSinceTs = Long.MAX_VALUE;

  private long deliveredBytes;
  private long gapBytes;
  private int gaps;
  private int retransmissions;
  private int outOfOrder;

  TcpReassembler() {}

  public TcpReassembler(int direction) {
    this.direction = direction;
  }

  /** Starts the stream at {@code seq32} (the first data byte: ISN + 1 after a SYN). No-op once initialized with data. */
  public void init(long seq32) {
    if (initialized && (deliveredBytes > 0 || !pending.isEmpty() || gapBytes > 0)) {
      return;
    }
    initialized = true;
    nextSeq = seq32 & 0xffffffffL;
    highestEnd = nextSeq;
  }

  public boolean isInitialized() {
    return initialized;
  }

  /** Unwraps a 32-bit sequence number to the 64-bit space around the next expected byte. */
  public long unwrap(long seq32) {
    int delta = (int) ((seq32 & 0xffffffffL) - (nextSeq & 0xffffffffL));
    return nextSeq + delta;
  }

  /**
   * One segment of this direction.
   *
   * @param seq32 sequence number of the first payload byte (unsigned 32 bit)
   * @param fin the segment carries FIN (which follows its payload)
   * @param data the frame holding the payload
   * @param off payload offset in {@code data}
   * @param len payload bytes present in {@code data}
   */
  public void onSegment(long seq32, boolean fin, byte[] data, int off, int len, long tsMicros, ReassemblySink sink) {
    if (!initialized) {
      init(seq32);
    }
    long s = unwrap(seq32);
    long e = s + len;
    if (fin && finSeq < 0) {
      finSeq = e;
    }
    if (len > 0) {
      if (e <= nextSeq || covered(s, e)) {
        retransmissions++;
      } else {
        if (s < highestEnd) {
          outOfOrder++;
        }
        if (s <= nextSeq && pending.isEmpty()) {
          // fast path: in order (possibly overlapping already delivered bytes)
          int skip = (int) (nextSeq - s);
          deliver(data, off + skip, len - skip, tsMicros, sink);
        } else {
          insertUncovered(Math.max(s, nextSeq), e, data, off + (int) (Math.max(s, nextSeq) - s), tsMicros);
          drain(tsMicros, sink);
        }
      }
      if (e > highestEnd) {
        highestEnd = e;
      }
    }
    checkEnd(tsMicros, sink);
    if (!hasHole()) {
      holeSinceTs = Long.MAX_VALUE;
    } else if (holeSinceTs == Long.MAX_VALUE) {
      holeSinceTs = tsMicros;
    }
  }

  private void deliver(byte[] data, int off, int len, long ts, ReassemblySink sink) {
    if (len <= 0) {
      return;
    }
    nextSeq += len;
    deliveredBytes += len;
    sink.onData(direction, data, off, len, ts);
  }

  /** True if every byte of [s, e) was delivered or is buffered. */
  private boolean covered(long s, long e) {
    long cur = Math.max(s, nextSeq);
    if (cur >= e) {
      return true;
    }
    for (int i = firstEndingAfter(cur); i < pending.size(); i++) {
      Segment p = pending.get(i);
      if (p.start > cur) {
        return false;
      }
      cur = Math.max(cur, p.end);
      if (cur >= e) {
        return true;
      }
    }
    return false;
  }

  /** Index of the first pending piece with end > seq (binary search; pieces are sorted and disjoint). */
  private int firstEndingAfter(long seq) {
    int lo = 0, hi = pending.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (pending.get(mid).end <= seq) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Buffers the parts of [a, b) not already buffered; payload byte a is data[off]. */
  private void insertUncovered(long a, long b, byte[] data, int off, long ts) {
    long cur = a;
    int i = firstEndingAfter(cur);
    while (cur < b) {
      Segment p = i < pending.size() ? pending.get(i) : null;
      if (p == null || p.start >= b) {
        addPiece(i, cur, b, data, off + (int) (cur - a), ts);
        return;
      }
      if (p.start > cur) {
        addPiece(i, cur, p.start, data, off + (int) (cur - a), ts);
        i++;
      }
      cur = Math.max(cur, p.end);
      i++;
    }
  }

  private void addPiece(int index, long start, long end, byte[] data, int off, long ts) {
    pending.add(index, new Segment(start, end, data, off, ts));
    bufferedBytes += end - start;
  }

  /**
   * Delivers the buffered pieces that start at the next expected byte. Each piece gets the latest of
   * {@code floorTs} and the arrival times of the pieces released so far.
   */
  private void drain(long floorTs, ReassemblySink sink) {
    int n = 0;
    long ts = floorTs;
    while (n < pending.size()) {
      Segment p = pending.get(n);
      if (p.start > nextSeq) {
        break;
      }
      n++;
      bufferedBytes -= p.length();
      if (p.end <= nextSeq) {
        continue;
      }
      ts = Math.max(ts, p.arrivalTs);
      int skip = (int) (nextSeq - p.start);
      deliver(p.data, p.off + skip, p.length() - skip, ts, sink);
    }
    if (n > 0) {
      pending.subList(0, n).clear();
      holeSinceTs = hasHole() ? floorTs : Long.MAX_VALUE;
    }
  }

  private void checkEnd(long ts, ReassemblySink sink) {
    if (!ended && finSeq >= 0 && nextSeq >= finSeq && pending.isEmpty()) {
      ended = true;
      holeSinceTs = Long.MAX_VALUE;
      sink.onEnd(direction, ts);
    }
  }

  /** True while bytes are missing before buffered data or before the FIN. */
  public boolean hasHole() {
    return !pending.isEmpty() || (!ended && finSeq > nextSeq);
  }

  /** When the current hole should be given up (event time), or Long.MAX_VALUE. */
  public long holeDeadline(long gapTimeoutMicros) {
    if (holeSinceTs == Long.MAX_VALUE || !hasHole()) {
      return Long.MAX_VALUE;
    }
    long d = holeSinceTs + gapTimeoutMicros;
    return d < holeSinceTs ? Long.MAX_VALUE : d;
  }

  /**
   * Skips the first hole: reports it as a gap and releases the data behind it (up to the next hole).
   * Returns false if there was no hole.
   */
  public boolean skipGap(long tsMicros, ReassemblySink sink) {
    long target;
    if (!pending.isEmpty()) {
      target = pending.get(0).start;
    } else if (!ended && finSeq > nextSeq) {
      target = finSeq;
    } else {
      return false;
    }
    long gap = target - nextSeq;
    gaps++;
    gapBytes += gap;
    nextSeq = target;
    sink.onGap(direction, gap, tsMicros);
    drain(Long.MIN_VALUE, sink);
    checkEnd(tsMicros, sink);
    holeSinceTs = hasHole() ? tsMicros : Long.MAX_VALUE;
    return true;
  }

  /** Skips every hole and releases everything buffered (the connection ends). */
  public void flush(long tsMicros, ReassemblySink sink) {
    while (skipGap(tsMicros, sink)) {
      // keep going
    }
  }

  /** Gives up holes older than the gap timeout. */
  public void onTimer(long nowMicros, long gapTimeoutMicros, ReassemblySink sink) {
    while (holeDeadline(gapTimeoutMicros) <= nowMicros) {
      if (!skipGap(nowMicros, sink)) {
        break;
      }
    }
  }

  /** True once the FIN has been reached in order. */
  public boolean isEnded() {
    return ended;
  }

  public boolean finSeen() {
    return finSeq >= 0;
  }

  /** True if {@code ack32} acknowledges this direction's FIN. */
  public boolean finAcked(long ack32) {
    return initialized && finSeq >= 0 && unwrap(ack32) >= finSeq + 1;
  }

  /** Drops all buffered references. */
  public void release() {
    pending.clear();
    pending.trimToSize();
    bufferedBytes = 0;
    holeSinceTs = Long.MAX_VALUE;
  }

  public long bufferedBytes() {
    return bufferedBytes;
  }

  public int bufferedSegments() {
    return pending.size();
  }

  public long nextSeq32() {
    return nextSeq & 0xffffffffL;
  }

  public long deliveredBytes() {
    return deliveredBytes;
  }

  public long gapBytes() {
    return gapBytes;
  }

  public int gaps() {
    return gaps;
  }

  public int retransmissions() {
    return retransmissions;
  }

  public int outOfOrder() {
    return outOfOrder;
  }
}
