package io.wirelake.benchmarks;

import io.wirelake.flink.model.Packet;
import io.wirelake.ingest.capture.CaptureReader;
import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.ingest.decode.DecodedFrame;
import io.wirelake.ingest.decode.FrameDecoder;
import io.wirelake.schemas.FlowKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the shared captures for the benchmarks. The shared directory is the system property
 * {@code wirelake.shared}, else the first of {@code ../shared}, {@code ../../shared}, {@code /work/shared} that exists.
 * Same decoding path as the sniffer (CaptureReader + FrameDecoder + canonical flow key), written out here
 * because the benchmarks cannot depend on flink-jobs' test helper {@code CapturePackets}.
 */
public final class Captures {
  private Captures() {}

  public static Path sharedDir() {
    String p = System.getProperty("wirelake.shared");
    if (p != null && Files.isDirectory(Paths.get(p))) {
      return Paths.get(p).toAbsolutePath().normalize();
    }
    for (String c : new String[] {"../shared", "../../shared", "/work/shared"}) {
      if (Files.isDirectory(Paths.get(c, "captures"))) {
        return Paths.get(c).toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("shared directory not found (set -Dwirelake.shared=DIR)");
  }

  public static Path capture(String name) {
    return sharedDir().resolve("captures").resolve(name);
  }

  /** Every frame of a capture, in file order. */
  public static List<CapturedFrame> frames(Path file) throws IOException {
    List<CapturedFrame> out = new ArrayList<>();
    try (CaptureReader r = CaptureReader.open(file)) {
      for (CapturedFrame f; (f = r.next()) != null; ) {
        out.add(f);
      }
    }
    return out;
  }

  /** The TCP and UDP packets of a capture as the jobs see them; frames that do not decode are skipped. */
  public static List<Packet> packets(List<CapturedFrame> frames, String node) {
    List<Packet> out = new ArrayList<>(frames.size());
    FrameDecoder decoder = new FrameDecoder();
    for (CapturedFrame f : frames) {
      DecodedFrame d = decoder.decode(f.linkType(), f.data());
      if (d != null) {
        out.add(toPacket(f, d, node));
      }
    }
    return out;
  }

  public static Packet toPacket(CapturedFrame f, DecodedFrame d, String node) {
    String key = FlowKeys.canonical(d.l4Protocol(), d.srcIp(), d.srcPort(), d.dstIp(), d.dstPort());
    return new Packet(f.tsMicros(), node, key, d.ipVersion(), d.srcIp(), d.srcPort(), d.dstIp(), d.dstPort(),
        d.l4Protocol(), d.tcpFlags(), d.seq(), d.ack(), d.window(), f.data(), d.payloadOffset(),
        d.payloadLength());
  }
}
