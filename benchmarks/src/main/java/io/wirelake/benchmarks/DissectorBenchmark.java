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
 * Each L7 dissector's throughput, next to HTTP/1.1's: the Packets of one shared capture per protocol through
 * {@link FlowTracker} (one tracker per canonical flow key, {@code onPacket} in capture order, {@code flush} at
 * the end, as the job's keyed operator drives it), so every figure includes TCP reassembly (or the
 * UDP path for DNS) and protocol recognition by the first bytes, as in the job. The sink counts and keeps
 * nothing.
 *
 * <p>{@code capture} picks the shared capture {@code <capture>.pcap}: {@code http-basic} (HTTP/1.1),
 * {@code http2}, {@code grpc}, {@code redis}, {@code postgres}, {@code dns}. One op = the whole capture through
 * fresh trackers. Aux counters (per second): {@code packets}, {@code payloadBytes} (captured TCP/UDP payload;
 * ÷1e6 = MB/s) and {@code transactions} (l7_transactions rows emitted); {@code flows} (l4_flows rows) as a check.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DissectorBenchmark {

  @Param({"http-basic", "http2", "grpc", "redis", "postgres", "dns"})
  public String capture;

  private Packet[] packets;
  private long payloadBytes;
  private final DissectionConfig config = DissectionConfig.defaults();

  @Setup(Level.Trial)
  public void load() throws IOException {
    List<Packet> list = Captures.packets(Captures.frames(Captures.capture(capture + ".pcap")), "bench");
    packets = list.toArray(new Packet[0]);
    long b = 0;
    for (Packet p : packets) {
      b += p.capturedPayload();
    }
    payloadBytes = b;
    CountingSink once = run();
    System.out.printf("%n%s: %d packets, %d payload bytes, %d transactions, %d flows per op%n",
        capture, packets.length, payloadBytes, once.transactions, once.flows);
  }

  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Rates {
    public long packets;
    public long payloadBytes;
    public long transactions;
    public long flows;

    @Setup(Level.Iteration)
    public void reset() {
      packets = 0;
      payloadBytes = 0;
      transactions = 0;
      flows = 0;
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

  private CountingSink run() {
    Map<String, FlowTracker> trackers = new HashMap<>();
    CountingSink sink = new CountingSink();
    for (Packet p : packets) {
      trackers.computeIfAbsent(p.flowKey(), k -> new FlowTracker(config)).onPacket(p, sink);
    }
    for (FlowTracker t : trackers.values()) {
      t.flush(sink);
    }
    return sink;
  }

  @Benchmark
  public void dissect(Rates rates, Blackhole bh) {
    CountingSink sink = run();
    bh.consume(sink);
    rates.packets += packets.length;
    rates.payloadBytes += payloadBytes;
    rates.transactions += sink.transactions;
    rates.flows += sink.flows;
  }
}
