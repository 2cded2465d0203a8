package io.wirelake.flink.job;

import io.wirelake.flink.enrich.EnrichmentConfig;
import io.wirelake.flink.enrich.WorkloadChange;
import io.wirelake.flink.enrich.WorkloadEnricher;
import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.tcp.FlowSink;
import io.wirelake.flink.tcp.FlowTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by canonical flow key: feeds each packet to the flow's {@link FlowTracker} (reassembly, handshake,
 * L7 dissection) kept in keyed state, and drives its idle and gap timeouts with event-time timers. When the
 * input ends (watermark at its maximum) connections still open are emitted with close reason {@code open}.
 *
 * <p>The broadcast input is the Kubernetes metadata: every connection and call leaves with the workloads its
 * endpoints were at its own time. A record waits in keyed state until the watermark (the lower of packets'
 * and metadata's) has passed its time plus the configured lateness, so metadata read after the traffic it
 * describes, or arriving late from the watcher, still resolves it.
 */
final class FlowProcessor extends KeyedBroadcastProcessFunction<String, Packet, WorkloadChange, L4Flow> {
  static final MapStateDescriptor<String, WorkloadChange> WORKLOADS =
      new MapStateDescriptor<>("workloads", Types.STRING, TypeInformation.of(WorkloadChange.class));

  private final DissectionConfig config;
  private final EnrichmentConfig enrichment;
  private transient ValueState<FlowTracker> trackers;
  private transient ValueState<Long> timers;
  private transient ListState<Pending> pending;
  private transient WorkloadEnricher enricher;

  /** {@code enrichment} null: no Kubernetes context, records leave as soon as they are complete. */
  FlowProcessor(DissectionConfig config, EnrichmentConfig enrichment) {
    this.config = config;
    this.enrichment = enrichment;
  }

  /** A connection or call waiting for its metadata, and when it may be resolved (event time, ms). */
  record Pending(long dueMillis, L4Flow flow, L7Transaction transaction) {}

  @Override
  public void open(OpenContext context) {
    trackers = getRuntimeContext().getState(
        new ValueStateDescriptor<>("flow-tracker", TypeInformation.of(FlowTracker.class)));
    timers = getRuntimeContext().getState(new ValueStateDescriptor<>("flow-timer", Types.LONG));
    pending = getRuntimeContext().getListState(
        new ListStateDescriptor<>("awaiting-metadata", TypeInformation.of(Pending.class)));
  }

  @Override
  public void processElement(Packet packet, ReadOnlyContext ctx, Collector<L4Flow> out) throws Exception {
    if (packet.protocol() != Packet.TCP && packet.protocol() != Packet.UDP) {
      return; // UDP datagrams go to the tracker's datagram dissectors (DNS)
    }
    FlowTracker tracker = trackers.value();
    if (tracker == null) {
      tracker = new FlowTracker(config);
    }
    tracker.onPacket(packet, sink(ctx.getBroadcastState(WORKLOADS), ctx.timerService(), ctx, out));
    save(tracker, ctx.timerService());
  }

  @Override
  public void processBroadcastElement(WorkloadChange change, Context ctx, Collector<L4Flow> out) throws Exception {
    ctx.getBroadcastState(WORKLOADS).put(change.id(), change);
    if (enricher != null) {
      enricher.add(change);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<L4Flow> out) throws Exception {
    ReadOnlyBroadcastState<String, WorkloadChange> workloads = ctx.getBroadcastState(WORKLOADS);
    releaseDue(timestamp, workloads, ctx, out);
    Long registered = timers.value();
    boolean ended = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
    if (!ended && (registered == null || registered != timestamp)) {
      return; // a timer for records awaiting metadata only
    }
    timers.clear();
    FlowTracker tracker = trackers.value();
    if (tracker == null) {
      return;
    }
    FlowSink sink = sink(workloads, ctx.timerService(), ctx, out);
    if (ended) {
      tracker.flush(sink);
    } else {
      tracker.onTimer(timestamp * 1000, sink);
    }
    save(tracker, ctx.timerService());
  }

  private void releaseDue(long timestamp, ReadOnlyBroadcastState<String, WorkloadChange> workloads,
      ReadOnlyContext ctx, Collector<L4Flow> out) throws Exception {
    Iterable<Pending> waiting = pending.get();
    if (waiting == null || !waiting.iterator().hasNext()) {
      return;
    }
    List<Pending> later = new ArrayList<>();
    for (Pending p : waiting) {
      if (p.dueMillis() <= timestamp) {
        emit(p, enricher(workloads), ctx, out);
      } else {
        later.add(p);
      }
    }
    pending.update(later);
  }

  private void save(FlowTracker tracker, TimerService timerService) throws Exception {
    if (tracker.isEmpty()) {
      trackers.clear();
    } else {
      trackers.update(tracker);
    }
    Long registered = timers.value();
    long wanted = tracker.isEmpty() ? Long.MIN_VALUE : Math.floorDiv(tracker.nextTimerMicros() + 999, 1000);
    if (registered != null && registered == wanted) {
      return;
    }
    if (registered != null) {
      timerService.deleteEventTimeTimer(registered);
      timers.clear();
      Iterable<Pending> waiting = pending.get();
      if (waiting != null) {
        for (Pending p : waiting) {
          if (p.dueMillis() == registered) {
            timerService.registerEventTimeTimer(registered); // the timer was theirs too
            break;
          }
        }
      }
    }
    if (!tracker.isEmpty()) {
      timerService.registerEventTimeTimer(wanted);
      timers.update(wanted);
    }
  }

  /** The enricher of this instance, built from the broadcast state on first use (also after a restore). */
  private WorkloadEnricher enricher(ReadOnlyBroadcastState<String, WorkloadChange> workloads) throws Exception {
    if (enricher == null) {
      List<WorkloadChange> known = new ArrayList<>();
      for (Map.Entry<String, WorkloadChange> e : workloads.immutableEntries()) {
        known.add(e.getValue());
      }
      enricher = new WorkloadEnricher(enrichment, known);
    }
    return enricher;
  }

  private void emit(Pending p, WorkloadEnricher e, ReadOnlyContext ctx, Collector<L4Flow> out) {
    if (p.flow() != null) {
      out.collect(e.enrich(p.flow()));
    } else {
      ctx.output(PipelineJob.TRANSACTIONS, e.enrich(p.transaction()));
    }
  }

  /** Resolves what can be resolved now; parks the rest until the watermark allows. */
  private void offer(Pending p, ReadOnlyBroadcastState<String, WorkloadChange> workloads, TimerService timerService,
      ReadOnlyContext ctx, Collector<L4Flow> out) throws Exception {
    if (p.dueMillis() <= timerService.currentWatermark()) {
      emit(p, enricher(workloads), ctx, out);
    } else {
      pending.add(p);
      timerService.registerEventTimeTimer(p.dueMillis());
    }
  }

  private FlowSink sink(ReadOnlyBroadcastState<String, WorkloadChange> workloads, TimerService timerService,
      ReadOnlyContext ctx, Collector<L4Flow> out) throws Exception {
    if (enrichment == null) {
      return new FlowSink() {
        @Override
        public void flow(L4Flow flow) {
          out.collect(flow);
        }

        @Override
        public void transaction(L7Transaction transaction) {
          ctx.output(PipelineJob.TRANSACTIONS, transaction);
        }
      };
    }
    WorkloadEnricher e = enricher(workloads);
    return new FlowSink() {
      @Override
      public void flow(L4Flow flow) {
        park(new Pending(e.resolvableAtMillis(flow.startTs()), flow, null));
      }

      @Override
      public void transaction(L7Transaction transaction) {
        park(new Pending(e.resolvableAtMillis(transaction.eventTimeMicros()), null, transaction));
      }

      private void park(Pending p) {
        try {
          offer(p, workloads, timerService, ctx, out);
        } catch (Exception ex) {
          throw new IllegalStateException("could not keep a record awaiting metadata", ex);
        }
      }
    };
  }
}
