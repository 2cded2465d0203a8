package io.wirelake.flink.enrich;

import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.lakehouse.workload.WorkloadRef;
import io.wirelake.lakehouse.workload.WorkloadTimeline;

/**
 * Attaches workloads to connections and calls as of their own time: a flow as of its start, a call as of
 * its request. One per parallel instance, rebuilt from broadcast state after a restore.
 */
public final class WorkloadEnricher {
  private final EnrichmentConfig config;
  private final WorkloadTimeline timeline;

  public WorkloadEnricher(EnrichmentConfig config, Iterable<WorkloadChange> known) {
    this.config = config;
    this.timeline = new WorkloadTimeline(config.clusterCidrs());
    known.forEach(this::add);
  }

  /** Takes one more event into account. */
  public void add(WorkloadChange change) {
    timeline.add(change.event());
  }

  /**
   * Event time (milliseconds, as watermarks count) from which a record of time {@code tsMicros} may resolve:
   * its time plus the lateness, rounded up to a tenth of a second so that a busy flow shares its timers.
   */
  public long resolvableAtMillis(long tsMicros) {
    long millis = Math.floorDiv(tsMicros + config.latenessMicros() + 999, 1000);
    return Math.floorDiv(millis + 99, 100) * 100;
  }

  public L4Flow enrich(L4Flow f) {
    return f.withWorkloads(resolve(f.clientIp(), f.startTs()), resolve(f.serverIp(), f.startTs()));
  }

  public L7Transaction enrich(L7Transaction t) {
    long ts = t.eventTimeMicros();
    return t.withWorkloads(resolve(t.clientIp(), ts), resolve(t.serverIp(), ts));
  }

  private WorkloadRef resolve(String ip, long ts) {
    return timeline.resolve(ip, ts, config.latenessMicros());
  }
}
