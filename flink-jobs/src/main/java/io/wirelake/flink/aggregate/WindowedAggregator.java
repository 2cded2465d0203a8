package io.wirelake.flink.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Tumbling event-time windows over one group (the key), with allowed lateness: a window is emitted when the
 * watermark passes its end plus the lateness, so inputs that arrive a little after their window closes still
 * count in it. Inputs later than that start the window again and are emitted as a further row for it, and
 * counted ({@code lateAfterEmit}); readers merge rows of one window and group, so nothing is lost. A group
 * holds only its windows still open.
 */
final class WindowedAggregator<I, A, O> extends KeyedProcessFunction<String, I, O> {
  private final AggregationSpec<I, A, O> spec;
  private final Class<A> accumulatorClass;
  private final Granularity granularity;
  private final long latenessMicros;
  private transient MapState<Long, A> windows;
  private transient Counter late;

  WindowedAggregator(AggregationSpec<I, A, O> spec, Class<A> accumulatorClass, Granularity granularity,
      long latenessMicros) {
    this.spec = spec;
    this.accumulatorClass = accumulatorClass;
    this.granularity = granularity;
    this.latenessMicros = latenessMicros;
  }

  @Override
  public void open(OpenContext context) {
    windows = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("windows", Types.LONG, TypeInformation.of(accumulatorClass)));
    late = getRuntimeContext().getMetricGroup().counter("lateAfterEmit");
  }

  @Override
  public void processElement(I input, Context ctx, Collector<O> out) throws Exception {
    long start = granularity.windowStart(spec.eventTimeMicros(input));
    A acc = windows.get(start);
    if (acc == null) {
      acc = spec.create(input);
      if (fireAtMillis(start) <= ctx.timerService().currentWatermark()) {
        late.inc(); // its window was emitted already: this starts a further row for it
      }
      ctx.timerService().registerEventTimeTimer(fireAtMillis(start));
    } else {
      spec.add(acc, input);
    }
    windows.put(start, acc);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
    List<Long> due = new ArrayList<>();
    for (Map.Entry<Long, A> e : windows.entries()) {
      if (fireAtMillis(e.getKey()) <= timestamp) {
        due.add(e.getKey());
        out.collect(spec.result(e.getValue(), granularity, e.getKey()));
      }
    }
    for (Long start : due) {
      windows.remove(start);
    }
  }

  private long fireAtMillis(long windowStartMicros) {
    return Math.floorDiv(windowStartMicros + granularity.micros() + latenessMicros, 1000);
  }
}
