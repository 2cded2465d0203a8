package io.wirelake.ingest.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.ingest.capture.CaptureReader;
import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.ingest.capture.PcapWriter;
import io.wirelake.ingest.decode.DecodedFrame;
import io.wirelake.ingest.decode.FrameDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficGeneratorTest {

  private static final long START = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z
  private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ");
  private static final Pattern REQUEST_LINE =
      Pattern.compile("^(GET|POST|PUT|DELETE) \\S+ HTTP/1\\.1\r\n");

  @TempDir Path dir;

  @Test
  void sameSeedGivesIdenticalFramesAndAnotherSeedDoesNot() throws Exception {
    GeneratorConfig config = GeneratorConfig.ofRequests(42, START, 300, 6);

    String first = digest(new TrafficGenerator(config));
    String again = digest(new TrafficGenerator(config));
    String other = digest(new TrafficGenerator(GeneratorConfig.ofRequests(43, START, 300, 6)));

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void decoderCountsAgreeWithTheSummary() {
    TrafficGenerator generator = new TrafficGenerator(GeneratorConfig.ofRequests(7, START, 2_000, 8));
    FrameDecoder decoder = new FrameDecoder();
    Set<String> clients = new HashSet<>();
    long syn = 0;
    long rst = 0;
    long requests = 0;
    long clientBytes = 0;
    long serverBytes = 0;
    long frames = 0;
    long previousTs = START;
    int maxPayload = 0;
    Map<Integer, Long> statuses = new TreeMap<>();
    while (generator.hasNext()) {
      CapturedFrame f = generator.next();
      frames++;
      assertThat(f.tsMicros()).isGreaterThanOrEqualTo(previousTs);
      assertThat(f.linkType()).isEqualTo(1);
      assertThat(f.iface()).isEqualTo("eth0");
      assertThat(f.origLen()).isEqualTo(f.data().length);
      previousTs = f.tsMicros();
      DecodedFrame d = decoder.decode(f.linkType(), f.data());
      assertThat(d).isNotNull();
      assertThat(d.srcIp()[0]).isEqualTo((byte) 10);
      assertThat(d.srcIp()[1]).isEqualTo((byte) 244);
      String src = endpoint(d.srcIp(), d.srcPort());
      if ((d.tcpFlags() & 0x12) == 0x02) {
        syn++;
        clients.add(src);
      }
      rst += (d.tcpFlags() & 0x04) != 0 ? 1 : 0;
      maxPayload = Math.max(maxPayload, d.payloadLength());
      String payload = new String(f.data(), d.payloadOffset(), Math.min(d.payloadLength(), 64),
          StandardCharsets.ISO_8859_1);
      if (clients.contains(src)) {
        clientBytes += d.payloadLength();
        requests += REQUEST_LINE.matcher(payload).find() ? 1 : 0;
      } else {
        serverBytes += d.payloadLength();
        Matcher m = STATUS_LINE.matcher(payload);
        if (m.find()) {
          statuses.merge(Integer.parseInt(m.group(1)), 1L, Long::sum);
        }
      }
    }
    GenerationSummary summary = generator.summary();

    assertThat(summary.requests()).isEqualTo(2_000);
    assertThat(frames).isEqualTo(summary.frames());
    assertThat(decoder.stats().tcp()).isEqualTo(frames);
    assertThat(syn).isEqualTo(summary.connections());
    assertThat(rst).isEqualTo(summary.resets()).isPositive();
    assertThat(requests).isEqualTo(summary.requests());
    assertThat(statuses).isEqualTo(summary.statusCounts());
    assertThat(statuses.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2_000);
    assertThat(statuses).containsKeys(200, 201, 204, 304, 404, 500, 503);
    assertThat(statuses.get(200)).isGreaterThan(1_000);
    assertThat(clientBytes).isEqualTo(summary.clientPayloadBytes());
    assertThat(serverBytes).isEqualTo(summary.serverPayloadBytes());
    assertThat(maxPayload).isEqualTo(1448);
    assertThat(summary.connections()).isLessThan(summary.requests());
  }

  @Test
  void sequenceNumbersAdvanceByPayloadAndAcksNeverRunAhead() {
    TrafficGenerator generator = new TrafficGenerator(GeneratorConfig.ofRequests(11, START, 500, 5));
    FrameDecoder decoder = new FrameDecoder();
    Map<String, Long> nextSeq = new HashMap<>();
    Map<String, Long> synTime = new HashMap<>();
    List<Long> handshakeRtts = new ArrayList<>();
    while (generator.hasNext()) {
      CapturedFrame f = generator.next();
      DecodedFrame d = decoder.decode(1, f.data());
      String from = endpoint(d.srcIp(), d.srcPort());
      String to = endpoint(d.dstIp(), d.dstPort());
      String direction = from + ">" + to;
      String reverse = to + ">" + from;
      boolean syn = (d.tcpFlags() & 0x02) != 0;
      boolean fin = (d.tcpFlags() & 0x01) != 0;
      if (syn) {
        nextSeq.put(direction, (d.seq() + 1) & 0xffffffffL);
        if ((d.tcpFlags() & 0x10) == 0) {
          synTime.put(direction, f.tsMicros());
        }
      } else {
        assertThat(d.seq()).as("seq of %s", direction).isEqualTo(nextSeq.get(direction));
        nextSeq.put(direction, (d.seq() + d.payloadLength() + (fin ? 1 : 0)) & 0xffffffffL);
        if (synTime.containsKey(direction) && d.payloadLength() == 0 && !fin) {
          handshakeRtts.add(f.tsMicros() - synTime.remove(direction));
        }
      }
      if ((d.tcpFlags() & 0x10) != 0) {
        // The ACK covers exactly what the peer has sent so far, never more.
        long peerNext = nextSeq.get(reverse);
        long ahead = (d.ack() - peerNext) & 0xffffffffL;
        assertThat(ahead == 0 || ahead > 0x7fffffffL).as("ack of %s", direction).isTrue();
      }
      assertThat(ipv4HeaderChecksumOk(f.data())).isTrue();
      assertThat(tcpChecksumOk(f.data())).isTrue();
    }
    assertThat(handshakeRtts).hasSize((int) generator.summary().connections());
    assertThat(handshakeRtts).allSatisfy(rtt -> assertThat(rtt).isBetween(18L, 1_000L));
  }

  @Test
  void writesARealisticMixOfHeadersAndBodies() {
    StringBuilder text = new StringBuilder();
    new TrafficGenerator(GeneratorConfig.ofRequests(3, START, 1_000, 10)).generate(f -> {
      int tcp = 14 + 20 + ((f.data()[14 + 20 + 12] & 0xff) >>> 4) * 4;
      text.append(new String(f.data(), tcp, f.data().length - tcp, StandardCharsets.ISO_8859_1));
    });
    String all = text.toString();

    assertThat(all).contains("Host: frontend.default.svc.cluster.local", "User-Agent: ",
        "Authorization: Bearer eyJ", "X-Request-Id: ", "Content-Type: application/json",
        "Transfer-Encoding: chunked\r\n", "Connection: keep-alive", "Connection: close",
        "If-None-Match: \"", "ETag: \"", "POST /api/v1/", "DELETE /api/v1/");
    long requests = count(all, " HTTP/1.1\r\nHost: ");
    long authorized = count(all, "\r\nAuthorization: Bearer ");
    assertThat(requests).isEqualTo(1_000);
    assertThat(authorized).isBetween(100L, 900L);
  }

  @Test
  void stopsOpeningConnectionsAfterTheDuration() {
    GeneratorConfig config = new GeneratorConfig(5, START, 100_000, 0, 4);
    FrameDecoder decoder = new FrameDecoder();
    List<Long> synTimes = new ArrayList<>();
    GenerationSummary summary = new TrafficGenerator(config).generate(f -> {
      DecodedFrame d = decoder.decode(1, f.data());
      if ((d.tcpFlags() & 0x12) == 0x02) {
        synTimes.add(f.tsMicros());
      }
    });

    assertThat(synTimes).hasSize((int) summary.connections());
    assertThat(summary.connections()).isBetween(20L, 200L);
    assertThat(synTimes).allSatisfy(t -> assertThat(t).isBetween(START, START + 100_000));
    assertThat(synTimes.get(0)).isEqualTo(START);
  }

  @Test
  void roundTripsThroughPcapWriterAndCaptureReader() throws IOException {
    GeneratorConfig config = GeneratorConfig.ofRequests(9, START, 200, 4);
    List<CapturedFrame> generated = new ArrayList<>();
    Path file = dir.resolve("generated.pcap");
    try (PcapWriter writer = PcapWriter.create(file)) {
      new TrafficGenerator(config).generate(f -> {
        generated.add(f);
        try {
          writer.write(f);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
    }

    List<CapturedFrame> read = new ArrayList<>();
    try (CaptureReader reader = CaptureReader.open(file)) {
      for (CapturedFrame f = reader.next(); f != null; f = reader.next()) {
        read.add(f);
      }
      assertThat(reader.stats().recordsSkipped()).isZero();
    }
    assertThat(read).hasSameSizeAs(generated).hasSizeGreaterThan(1_000);
    for (int i = 0; i < read.size(); i++) {
      CapturedFrame expected = generated.get(i);
      CapturedFrame actual = read.get(i);
      assertThat(actual.tsMicros()).isEqualTo(expected.tsMicros());
      assertThat(actual.linkType()).isEqualTo(expected.linkType());
      assertThat(actual.origLen()).isEqualTo(expected.origLen());
      assertThat(Arrays.equals(actual.data(), expected.data())).as("frame %d", i).isTrue();
    }
  }

  private static String digest(TrafficGenerator generator) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    ByteBuffer header = ByteBuffer.allocate(16);
    generator.generate(f -> {
      header.clear();
      header.putLong(f.tsMicros()).putInt(f.linkType()).putInt(f.origLen());
      sha.update(header.array());
      sha.update(f.iface().getBytes(StandardCharsets.UTF_8));
      sha.update(f.data());
    });
    return java.util.HexFormat.of().formatHex(sha.digest());
  }

  private static String endpoint(byte[] ip, int port) {
    return (ip[0] & 0xff) + "." + (ip[1] & 0xff) + "." + (ip[2] & 0xff) + "." + (ip[3] & 0xff)
        + ":" + port;
  }

  private static long count(String haystack, String needle) {
    long n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  /** RFC 1071 sum written independently of FrameBuilder. */
  private static int onesComplementSum(byte[] b, int from, int to, long initial) {
    long sum = initial;
    for (int i = from; i < to; i += 2) {
      int hi = b[i] & 0xff;
      int lo = i + 1 < to ? b[i + 1] & 0xff : 0;
      sum += (hi << 8) + lo;
    }
    while (sum > 0xffff) {
      sum = (sum >> 16) + (sum & 0xffff);
    }
    return (int) sum;
  }

  private static boolean ipv4HeaderChecksumOk(byte[] f) {
    return onesComplementSum(f, 14, 34, 0) == 0xffff;
  }

  private static boolean tcpChecksumOk(byte[] f) {
    int totalLength = (f[16] & 0xff) << 8 | (f[17] & 0xff);
    int tcpLength = totalLength - 20;
    long pseudo = onesComplementSum(f, 26, 34, 0) + 6 + tcpLength;
    return onesComplementSum(f, 34, 34 + tcpLength, pseudo) == 0xffff;
  }
}
