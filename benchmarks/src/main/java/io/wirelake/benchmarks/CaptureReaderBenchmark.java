package io.wirelake.benchmarks;

import io.wirelake.ingest.capture.CaptureReader;
import io.wirelake.ingest.capture.CapturedFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * (c) {@link CaptureReader} reading a capture file from disk: open, every frame, close. After the first
 * iteration the file is in the page cache, so this measures parsing and copying, not the disk.
 *
 * <p>One op = the whole file. Aux counters: {@code frames} (frames/s) and {@code fileBytes} (file bytes/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CaptureReaderBenchmark {

  @Param({"http-basic.pcap"})
  public String pcap;

  private Path file;
  private long size;

  @Setup(Level.Trial)
  public void locate() throws IOException {
    file = Captures.capture(pcap);
    size = Files.size(file);
  }

  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Rates {
    public long frames;
    public long fileBytes;

    @Setup(Level.Iteration)
    public void reset() {
      frames = 0;
      fileBytes = 0;
    }
  }

  @Benchmark
  public void readFile(Rates rates, Blackhole bh) throws IOException {
    long n = 0;
    try (CaptureReader r = CaptureReader.open(file)) {
      for (CapturedFrame f; (f = r.next()) != null; ) {
        bh.consume(f);
        n++;
      }
    }
    rates.frames += n;
    rates.fileBytes += size;
  }
}
