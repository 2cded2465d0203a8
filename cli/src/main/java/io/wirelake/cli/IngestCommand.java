package io.wirelake.cli;

import io.wirelake.cli.pipeline.SourceProducer;
import io.wirelake.ingest.capture.CaptureReader;
import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.k8s.SnapshotEvents;
import io.wirelake.schemas.WorkloadEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wirelake ingest --pcap FILE...}: replays captures through the sniffer path into the tables. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Replay pcap or pcapng files through Kafka and Flink into the Iceberg tables; returns when committed. "
        + "With --k8s, connections and calls get the workloads of the Kubernetes snapshots as of their time.")
final class IngestCommand implements Callable<Integer> {
  @Mixin StackOptions stack;

  @Option(names = "--pcap", required = true, arity = "1..*", paramLabel = "FILE", description = "Capture files.")
  List<Path> pcaps;

  @Option(names = "--node", paramLabel = "NAME", description = "Node name recorded with the segments (default: this host).")
  String node;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    for (Path p : pcaps) {
      if (!Files.isRegularFile(p)) {
        throw new NoSuchFileException(p.toString());
      }
      try (CaptureReader ignored = CaptureReader.open(p)) {
        // fails now, with a clear message, on a file that is not a capture
      }
    }
    stack.enrichment();
    List<WorkloadEvent> metadata = SnapshotEvents.fromArguments(stack.k8s, firstFrameMicros(pcaps));
    String nodeName = node != null ? node : Hosts.localName();
    try (PipelineSession session = new PipelineSession(stack, out)) {
      session.publishWorkloads(metadata);
      for (Path p : pcaps) {
        String sourceId = sha256(p).substring(0, 32) + "@" + nodeName;
        SourceProducer.Result r;
        try (CaptureReader reader = CaptureReader.open(p);
            Progress progress = new Progress(p.getFileName().toString(), -1, "frames")) {
          r = session.produce(sourceId, nodeName, reader.frames(), progress);
          if (reader.stats().recordsSkipped() > 0) {
            out.printf("%s: skipped %d malformed capture records (%s)%n", p, reader.stats().recordsSkipped(),
                reader.stats().skipReason());
          }
        }
        out.println(r.alreadyComplete()
            ? p + ": already in the event log (" + r.frames() + " frames), not produced again"
            : String.format("%s: %d frames, %d segments produced%s%s", p, r.frames(), r.produced(),
                r.skippedAsCommitted() > 0 ? ", resumed after " + r.skippedAsCommitted() : "",
                r.notTcpOrUdp() > 0 ? ", " + r.notTcpOrUdp() + " not TCP/UDP" : ""));
      }
      session.commit();
      new Summary(stack.catalog()).print(out);
    }
    return 0;
  }

  /** The time of the earliest first frame of the captures: where a snapshot without a time takes effect. */
  private static long firstFrameMicros(List<Path> captures) throws IOException {
    long first = Long.MAX_VALUE;
    for (Path p : captures) {
      try (CaptureReader reader = CaptureReader.open(p)) {
        CapturedFrame f = reader.next();
        if (f != null) {
          first = Math.min(first, f.tsMicros());
        }
      }
    }
    return first == Long.MAX_VALUE ? 0 : first;
  }

  private static String sha256(Path p) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(p)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
