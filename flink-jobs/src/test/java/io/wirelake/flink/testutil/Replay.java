package io.wirelake.flink.testutil;

import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.tcp.FlowTracker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Drives one {@link FlowTracker} per flow key the way the keyed Flink operator does: packets in capture
 * order, event-time timers that fire once the watermark (the latest packet time minus {@code lagMicros})
 * passes them, and a flush at the end of input.
 */
public final class Replay {
  private final DissectionConfig config;
  private final long lagMicros;
  private final Map<String, FlowTracker> trackers = new HashMap<>();
  private final PriorityQueue<Object[]> timers = new PriorityQueue<>((a, b) -> Long.compare((long) a[0], (long) b[0]));
  private final Map<String, Long> registered = new HashMap<>();
  public final CollectingSink sink = new CollectingSink();
  /** Highest buffered bytes of any tracker seen after a packet. */
  public long maxBuffered;

  public Replay(DissectionConfig config, long lagMicros) {
    this.config = config;
    this.lagMicros = lagMicros;
  }

  public static CollectingSink run(List<Packet> packets, DissectionConfig config) {
    Replay r = new Replay(config, 0);
    for (Packet p : packets) {
      r.packet(p);
    }
    r.finish();
    return r.sink;
  }

  public void packet(Packet p) {
    if (p.protocol() != Packet.TCP && p.protocol() != Packet.UDP) {
      return;
    }
    advance(p.tsMicros() - lagMicros);
    FlowTracker t = trackers.computeIfAbsent(p.flowKey(), k -> new FlowTracker(config));
    t.onPacket(p, sink);
    maxBuffered = Math.max(maxBuffered, t.bufferedBytes());
    register(p.flowKey(), t);
  }

  private void register(String key, FlowTracker t) {
    long next = t.nextTimerMicros();
    Long prev = registered.get(key);
    if (next != Long.MAX_VALUE && (prev == null || prev != next)) {
      registered.put(key, next);
      timers.add(new Object[] {next, key});
    }
  }

  /** Fires every timer at or before {@code watermark}. */
  public void advance(long watermark) {
    while (!timers.isEmpty() && (long) timers.peek()[0] <= watermark) {
      Object[] e = timers.poll();
      String key = (String) e[1];
      Long reg = registered.get(key);
      if (reg == null || reg != (long) e[0]) {
        continue; // superseded
      }
      registered.remove(key);
      FlowTracker t = trackers.get(key);
      t.onTimer((long) e[0], sink);
      if (t.isEmpty()) {
        trackers.remove(key);
      } else {
        register(key, t);
      }
    }
  }

  public void finish() {
    for (FlowTracker t : trackers.values()) {
      t.flush(sink);
    }
    trackers.clear();
    timers.clear();
    registered.clear();
  }

  /** Replaces every tracker, e.g. by a serialized and restored copy (a checkpoint and restore). */
  public void replaceTrackers(java.util.function.UnaryOperator<FlowTracker> f) {
    trackers.replaceAll((k, v) -> f.apply(v));
  }

  public Map<String, FlowTracker> trackers() {
    return trackers;
  }
}
