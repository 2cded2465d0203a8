package io.wirelake.ingest.live;

import io.wirelake.ingest.capture.CapturedFrame;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-off between the capture thread and the sender: bounded by the captured bytes it holds. An offer
 * never waits: when the frame does not fit, the oldest frames are dropped (and counted) to make room, so a
 * slow or absent Kafka costs the oldest traffic, never the capture thread's time.
 */
final class FrameQueue {
  private final long capacityBytes;
  private final ArrayDeque<CapturedFrame> frames = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private long bytes;
  private long dropped;

  FrameQueue(long capacityBytes) {
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException("queue capacity must be positive: " + capacityBytes);
    }
    this.capacityBytes = capacityBytes;
  }

  /** What a frame costs in the queue: its captured bytes. */
  static long cost(CapturedFrame f) {
    return f.data().length;
  }

  /**
   * Adds the frame, dropping the oldest frames while it does not fit; a frame larger than the whole queue is
   * itself dropped. Returns how many frames this offer dropped.
   */
  int offer(CapturedFrame f) {
    long c = cost(f);
    lock.lock();
    try {
      if (c > capacityBytes) {
        dropped++;
        return 1;
      }
      int droppedNow = 0;
      while (bytes + c > capacityBytes) {
        bytes -= cost(frames.pollFirst());
        droppedNow++;
      }
      dropped += droppedNow;
      frames.addLast(f);
      bytes += c;
      if (frames.size() == 1) {
        notEmpty.signal();
      }
      return droppedNow;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves up to {@code max} frames, oldest first, into {@code into}, waiting up to {@code timeout} for the
   * first. Returns how many it moved.
   */
  int drainTo(List<CapturedFrame> into, int max, long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      while (frames.isEmpty()) {
        if (nanos <= 0) {
          return 0;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      int n = 0;
      while (n < max && !frames.isEmpty()) {
        CapturedFrame f = frames.pollFirst();
        bytes -= cost(f);
        into.add(f);
        n++;
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** Empties the queue and counts what it held as dropped; returns how many frames that was. */
  int discardAll() {
    lock.lock();
    try {
      int n = frames.size();
      frames.clear();
      bytes = 0;
      dropped += n;
      return n;
    } finally {
      lock.unlock();
    }
  }

  long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return frames.size();
    } finally {
      lock.unlock();
    }
  }

  long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }

  long capacityBytes() {
    return capacityBytes;
  }
}
