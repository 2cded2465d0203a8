package io.wirelake.flink.testutil;

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
 * Turns a capture file into {@link Packet}s the way the sniffer path does (CaptureReader + FrameDecoder,
 * canonical flow key), in capture order. Reusable by other tests (MiniCluster).
 */
public final class CapturePackets {
  private CapturePackets() {}

  /** The shared directory: system property {@code wirelake.shared}, else {@code ../../shared}. */
  public static Path sharedDir() {
    String p = System.getProperty("wirelake.shared");
    if (p != null && Files.isDirectory(Paths.get(p))) {
      return Paths.get(p).normalize();
    }
    for (String c : new String[] {"../../shared", "../shared", "/work/shared"}) {
      if (Files.isDirectory(Paths.get(c))) {
        return Paths.get(c).toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("shared directory not found (set -Dwirelake.shared)");
  }

  public static Path capture(String name) {
    return sharedDir().resolve("captures").resolve(name);
  }

  /** All TCP and UDP packets of a capture, in file order; frames that do not decode are skipped. */
  public static List<Packet> read(Path file, String node) throws IOException {
    List<Packet> out = new ArrayList<>();
    FrameDecoder decoder = new FrameDecoder();
    try (CaptureReader r = CaptureReader.open(file)) {
      CapturedFrame f;
      while ((f = r.next()) != null) {
        DecodedFrame d = decoder.decode(f.linkType(), f.data());
        if (d == null) {
          continue;
        }
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
