package io.wirelake.benchmarks;

import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.ingest.decode.DecodedFrame;
import io.wirelake.ingest.decode.FrameDecoder;
import java.io.IOException;
import java.util.List;
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
 * (a) {@link FrameDecoder#decode} over every frame of a capture held in memory.
 *
 * <ul>
 *   <li>{@code capture}: one op = all frames of the capture; the aux counters {@code frames} and
 *       {@code bytes} are the decode rate in frames/s and captured bytes/s.
 *   <li>{@code perFrame}: one op = one frame (cycling through the capture), in ns/frame.
 * </ul>
 */
@State(Scope.Thread)
public class DecodeBenchmark {

  @Param({"http-basic.pcap"})
  public String pcap;

  private int[] linkTypes;
  private byte[][] data;
  private FrameDecoder decoder;
  private int next;

  @Setup(Level.Trial)
  public void load() throws IOException {
    List<CapturedFrame> frames = Captures.frames(Captures.capture(pcap));
    linkTypes = new int[frames.size()];
    data = new byte[frames.size()][];
    for (int i = 0; i < frames.size(); i++) {
      linkTypes[i] = frames.get(i).linkType();
      data[i] = frames.get(i).data();
    }
    decoder = new FrameDecoder();
  }

  /** Per-iteration counters JMH reports as rates (frames/s, bytes/s). */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Rates {
    public long frames;
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
      frames = 0;
      bytes = 0;
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void capture(Rates rates, Blackhole bh) {
    long bytes = 0;
    for (int i = 0; i < data.length; i++) {
      DecodedFrame d = decoder.decode(linkTypes[i], data[i]);
      bh.consume(d);
      bytes += data[i].length;
    }
    rates.frames += data.length;
    rates.bytes += bytes;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public DecodedFrame perFrame() {
    int i = next;
    next = i + 1 == data.length ? 0 : i + 1;
    return decoder.decode(linkTypes[i], data[i]);
  }
}
