package io.wirelake.benchmarks;

import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.tcp.FlowSink;
import io.wirelake.flink.tcp.FlowTracker;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * (b) {@link FlowTracker} (handshake, reassembly, HTTP dissection) over the Packets of a capture, the way
 * the keyed Flink operator drives it: one tracker per canonical flow key, {@code onPacket} per packet in
 * capture order, {@code flush} at end of input; no Flink state, timers or serialization. The sink only counts.
 *
 * <p>One op = the whole capture through fresh trackers. Aux counters: {@code packets} (packets/s) and
 * {@code payloadBytes} (TCP/UDP payload bytes/s, captured part).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FlowTrackerBenchmark {

  @Param({"http-basic.pcap"})
  public String pcap;

  private Packet[] packets;
  private long payloadBytes;
  private final DissectionConfig config = DissectionConfig.defaults();

  @Setup(Level.Trial)
  public void load() throws IOException {
    List<Packet> list = Captures.packets(Captures.frames(Captures.capture(pcap)), "bench");
    packets = list.toArray(new Packet[0]);
    long b = 0;
    for (Packet p : packets) {
      b += p.capturedPayload();
    }
    payloadBytes = b;
  }

  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Rates {
    public long packets;
    public long payloadBytes;
    /** Emitted flows and transactions (a sanity check: should be proportional to ops). */
    public long emitted;

    @Setup(Level.Iteration)
    public void reset() {
      packets = 0;
      payloadBytes = 0;
      emitted = 0;
    }
  }

  /** Counts what it receives; keeps nothing. */
  static final class CountingSink implements FlowSink {
    long flows;
    long transactions;

    @Override
    public void flow(L4Flow flow) {
      flows++;
    }

    @Override
    public void transaction(L7Transaction transaction) {
      transactions++;
    }
  }

  @Benchmark
  public void capture(Rates rates, Blackhole bh) {
    Map<String, FlowTracker> trackers = new HashMap<>();
    CountingSink sink = new CountingSink();
    for (Packet p : packets) {
      trackers.computeIfAbsent(p.flowKey(), k -> new FlowTracker(config)).onPacket(p, sink);
    }
    for (FlowTracker t : trackers.values()) {
      t.flush(sink);
    }
    bh.consume(trackers);
    rates.packets += packets.length;
    rates.payloadBytes += payloadBytes;
    rates.emitted += sink.flows + sink.transactions;
  }
}
