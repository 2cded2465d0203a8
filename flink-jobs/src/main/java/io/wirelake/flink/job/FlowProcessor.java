package io.wirelake.flink.job;

import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.tcp.FlowSink;
import io.wirelake.flink.tcp.FlowTracker;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by canonical flow key: feeds each packet to the flow's {@link FlowTracker} (reassembly, handshake,
 * L7 dissection) kept in keyed state, and drives its idle and gap timeouts with event-time timers. When the
 * input ends (watermark at its maximum) connections still open are emitted with close reason {@code open}.
 */
final class FlowProcessor extends KeyedProcessFunction<String, Packet, L4Flow> {
  private final DissectionConfig config;
  private transient ValueState<FlowTracker> trackers;
  private transient ValueState<Long> timers;

  FlowProcessor(DissectionConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext context) {
    trackers = getRuntimeContext().getState(
        new ValueStateDescriptor<>("flow-tracker", TypeInformation.of(FlowTracker.class)));
    timers = getRuntimeContext().getState(new ValueStateDescriptor<>("flow-timer", Types.LONG));
  }

  @Override
  public void processElement(Packet packet, Context ctx, Collector<L4Flow> out) throws Exception {
    if (packet.protocol() != Packet.TCP && packet.protocol() != Packet.UDP) {
      return; // UDP datagrams go to the tracker's datagram dissectors (DNS)
    }
    FlowTracker tracker = trackers.value();
    if (tracker == null) {
      tracker = new FlowTracker(config);
    }
    tracker.onPacket(packet, sink(ctx, out));
    save(tracker, ctx);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<L4Flow> out) throws Exception {
    timers.clear();
    FlowTracker tracker = trackers.value();
    if (tracker == null) {
      return;
    }
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      tracker.flush(sink(ctx, out));
    } else {
      tracker.onTimer(timestamp * 1000, sink(ctx, out));
    }
    save(tracker, ctx);
  }

  private void save(FlowTracker tracker, Context ctx) throws Exception {
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
      ctx.timerService().deleteEventTimeTimer(registered);
      timers.clear();
    }
    if (!tracker.isEmpty()) {
      ctx.timerService().registerEventTimeTimer(wanted);
      timers.update(wanted);
    }
  }

  private static FlowSink sink(Context ctx, Collector<L4Flow> out) {
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
}
