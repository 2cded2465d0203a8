package io.wirelake.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wirelake.ingest.decode.DecodeStats;
import io.wirelake.ingest.decode.DecodedFrame;
import io.wirelake.ingest.decode.FrameDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reads and decodes the real captures in shared/captures against their tshark ground truth. */
class SharedCapturesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Path capturesDir() {
    String shared = System.getProperty("wirelake.shared");
    Path base = shared != null ? Paths.get(shared) : Paths.get("../../shared");
    return base.resolve("captures");
  }

  static List<Path> captures() throws IOException {
    try (Stream<Path> files = Files.list(capturesDir())) {
      return files.filter(p -> p.getFileName().toString().endsWith(".pcap"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void findsTheSharedCaptures() throws IOException {
    assertThat(captures()).extracting(p -> p.getFileName().toString())
        .contains("http-basic.pcap", "redis.pcap", "dns.pcap");
  }

  @ParameterizedTest
  @MethodSource("captures")
  void readsEveryPacketAndDecodesWithoutMalformedFrames(Path pcap) throws IOException {
    JsonNode expected = expected(pcap);
    FrameDecoder decoder = new FrameDecoder();
    long frames = 0;
    long previousTs = Long.MIN_VALUE;
    try (CaptureReader reader = CaptureReader.open(pcap)) {
      for (CapturedFrame f = reader.next(); f != null; f = reader.next()) {
        frames++;
        assertThat(f.linkType()).isEqualTo(1);
        assertThat(f.tsMicros()).isGreaterThanOrEqualTo(previousTs);
        previousTs = f.tsMicros();
        decoder.decode(f.linkType(), f.data());
      }
      assertThat(reader.stats()).isEqualTo(new CaptureStats(frames, 0, null));
    }
    DecodeStats stats = decoder.stats();
    assertThat(frames).isEqualTo(expected.get("packets").asLong());
    assertThat(stats.malformed()).isZero();
    assertThat(stats.fragments()).isZero();
    assertThat(stats.total()).isEqualTo(frames);
    assertThat(stats.tcp()).isPositive();
  }

  @Test
  void httpBasicMatchesTsharkSynAndPayloadCounts() throws IOException {
    Path pcap = capturesDir().resolve("http-basic.pcap");
    JsonNode tcp = expected(pcap).get("tcp");
    FrameDecoder decoder = new FrameDecoder();
    long syn = 0;
    long synAck = 0;
    long fin = 0;
    long clientToServer = 0;
    long serverToClient = 0;
    long firstTs = -1;
    try (CaptureReader reader = CaptureReader.open(pcap)) {
      for (CapturedFrame f = reader.next(); f != null; f = reader.next()) {
        if (firstTs < 0) {
          firstTs = f.tsMicros();
        }
        DecodedFrame d = decoder.decode(f.linkType(), f.data());
        if (d == null || d.l4Protocol() != 6) {
          continue;
        }
        int flags = d.tcpFlags();
        syn += (flags & 0x12) == 0x02 ? 1 : 0;
        synAck += (flags & 0x12) == 0x12 ? 1 : 0;
        fin += (flags & 0x01) != 0 ? 1 : 0;
        if (d.dstPort() == 8080) {
          clientToServer += d.payloadLength();
        } else if (d.srcPort() == 8080) {
          serverToClient += d.payloadLength();
        }
      }
    }
    assertThat(syn).isEqualTo(tcp.get("syn_packets").asLong()).isEqualTo(37);
    assertThat(synAck).isEqualTo(tcp.get("synack_packets").asLong());
    assertThat(fin).isEqualTo(tcp.get("fin_packets").asLong());
    assertThat(clientToServer).isEqualTo(tcp.get("payload_bytes_c2s").asLong()).isEqualTo(27019);
    assertThat(serverToClient).isEqualTo(tcp.get("payload_bytes_s2c").asLong());
    // streams.csv: the first connection's first packet at 1795644307.007050000
    assertThat(firstTs).isEqualTo(1_795_644_307_007_050L);
  }

  private static JsonNode expected(Path pcap) throws IOException {
    String name = pcap.getFileName().toString().replaceFirst("\\.pcap$", ".expected.json");
    return JSON.readTree(pcap.resolveSibling(name).toFile());
  }
}
