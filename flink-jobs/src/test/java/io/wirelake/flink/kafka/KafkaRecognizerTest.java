package io.wirelake.flink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.l7.L7Recognizer;
import io.wirelake.flink.l7.L7Registry;
import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.testutil.CapturePackets;
import io.wirelake.flink.testutil.Replay;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Kafka is recognised by the client's first request frame, without claiming the other protocols' bytes. */
class KafkaRecognizerTest {
  static final KafkaRecognizer R = new KafkaRecognizer();

  static int c2s(byte[] b) {
    return R.recognize(L7Dissector.C2S, b, 0, b.length);
  }

  static int c2s(String s) {
    return c2s(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  static String registry(byte[] b) {
    L7Recognizer r = L7Registry.find(L7Dissector.C2S, b, 0, b.length);
    return r == null ? null : r.protocol();
  }

  @Test
  void realFirstRequestsMatch() {
    for (int v = 0; v <= 4; v++) {
      assertThat(c2s(KafkaFrames.request(KafkaMessages.apiVersionsRequest(), v, 0, "producer-1"))).as("v%d", v)
          .isEqualTo(L7Recognizer.MATCH);
    }
    assertThat(c2s(KafkaFrames.request(KafkaMessages.metadataRequest("t"), 12, 1, null))).isEqualTo(L7Recognizer.MATCH);
    assertThat(c2s(KafkaDissectorTest.rawRequest(17, 1, 0, "", 0))).isEqualTo(L7Recognizer.MATCH); // SaslHandshake
  }

  @Test
  void aPrefixIsAwaitedWhileItStillLooksLikeARequest() {
    byte[] f = KafkaFrames.request(KafkaMessages.apiVersionsRequest(), 3, 0, "producer-1");
    for (int n = 1; n < 14 + "producer-1".length(); n++) {
      assertThat(R.recognize(L7Dissector.C2S, f, 0, n)).as("%d bytes", n).isEqualTo(L7Recognizer.NEED_MORE);
    }
    byte[] longId = KafkaFrames.request(KafkaMessages.apiVersionsRequest(), 3, 0, "c".repeat(300));
    assertThat(R.recognize(L7Dissector.C2S, longId, 0, L7Registry.MAX_PREFIX - 1)).isEqualTo(L7Recognizer.NEED_MORE);
    assertThat(R.recognize(L7Dissector.C2S, longId, 0, L7Registry.MAX_PREFIX)).isEqualTo(L7Recognizer.MATCH);
  }

  @Test
  void badHeaderFieldsAreRefused() {
    assertThat(c2s(KafkaDissectorTest.rawRequest(200, 0, 0, "x", 0))).isEqualTo(L7Recognizer.NO_MATCH); // key
    assertThat(c2s(KafkaDissectorTest.rawRequest(18, 9, 0, "x", 0))).isEqualTo(L7Recognizer.NO_MATCH); // version
    assertThat(c2s(KafkaDissectorTest.rawRequest(18, 3, -4, "x", 0))).isEqualTo(L7Recognizer.NO_MATCH); // correlation
    assertThat(c2s(KafkaDissectorTest.rawRequest(18, 2, 0, "a\u0001b", 0))).isEqualTo(L7Recognizer.NO_MATCH); // control
    byte[] idTooLong = KafkaDissectorTest.rawRequest(18, 2, 0, "abc", 0);
    ByteBuffer.wrap(idTooLong).putInt(0, 12); // the client id does not fit the frame
    assertThat(c2s(idTooLong)).isEqualTo(L7Recognizer.NO_MATCH);
    assertThat(c2s(new byte[] {0, 0, 0, 4, 0, 18, 0, 3})).isEqualTo(L7Recognizer.NO_MATCH); // too small
    assertThat(c2s(new byte[] {7})).isEqualTo(L7Recognizer.NO_MATCH); // > 100 MiB
    byte[] f = KafkaFrames.request(KafkaMessages.apiVersionsRequest(), 3, 0, "p");
    assertThat(R.recognize(L7Dissector.S2C, f, 0, f.length)).isEqualTo(L7Recognizer.NO_MATCH);
  }

  @Test
  void otherProtocolsAreNotClaimed() {
    assertThat(c2s("GET / HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(L7Recognizer.NO_MATCH);
    assertThat(c2s("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")).isEqualTo(L7Recognizer.NO_MATCH);
    assertThat(c2s("*1\r\n$4\r\nPING\r\n")).isEqualTo(L7Recognizer.NO_MATCH);
    assertThat(c2s("PING\r\n")).isEqualTo(L7Recognizer.NO_MATCH);
    assertThat(c2s("SSH-2.0-OpenSSH_9.6\r\n")).isEqualTo(L7Recognizer.NO_MATCH);
    assertThat(c2s(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01})).isEqualTo(L7Recognizer.NO_MATCH); // TLS
    assertThat(c2s(new byte[] {0, 0, 0, 8, 4, (byte) 0xd2, 0x16, 0x2f})).isEqualTo(L7Recognizer.NO_MATCH); // pg SSL
    assertThat(c2s(postgresStartup("user", "alice", "database", "shop"))).isEqualTo(L7Recognizer.NO_MATCH);
    assertThat(c2s(postgresStartup("database", "shop", "user", "alice"))).isEqualTo(L7Recognizer.NO_MATCH);
    // DNS over TCP: length 29, id 0x1234, RD query, one question
    byte[] dns = {0, 29, 0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o',
        'm', 0, 0, 1, 0, 1};
    assertThat(c2s(dns)).isEqualTo(L7Recognizer.NO_MATCH);
    byte[] zeros = new byte[64];
    assertThat(c2s(zeros)).isEqualTo(L7Recognizer.NO_MATCH);
  }

  static byte[] postgresStartup(String... params) {
    StringBuilder sb = new StringBuilder();
    for (String p : params) {
      sb.append(p).append('\0');
    }
    sb.append('\0');
    byte[] body = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    return ByteBuffer.allocate(8 + body.length).putInt(8 + body.length).putInt(196608).put(body).array();
  }

  @Test
  void theRegistryGivesKafkaItsTrafficAndOthersTheirs() {
    byte[] f = KafkaFrames.request(KafkaMessages.apiVersionsRequest(), 3, 0, "producer-1");
    assertThat(registry(f)).isEqualTo("kafka");
    assertThat(registry(Arrays.copyOf(f, 5))).isNull();
    assertThat(L7Registry.needMore(L7Dissector.C2S, f, 0, 5)).isTrue();
    assertThat(registry(postgresStartup("user", "alice", "database", "shop"))).isEqualTo("postgres");
    assertThat(registry("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo("http/1.1");
    assertThat(registry("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo("redis");
  }

  @Test
  void noConnectionOfTheSharedCapturesIsClaimed() throws IOException {
    List<Path> pcaps;
    try (Stream<Path> files = Files.list(CapturePackets.capture("x").getParent())) {
      pcaps = files.filter(f -> f.toString().endsWith(".pcap")).sorted().toList();
    }
    assertThat(pcaps).isNotEmpty();
    for (Path f : pcaps) {
      List<L4Flow> flows = Replay.run(CapturePackets.read(f, "n1"), DissectionConfig.defaults()).flows;
      assertThat(flows).as(f.getFileName().toString()).isNotEmpty();
      assertThat(flows).as(f.getFileName().toString()).extracting(L4Flow::l7Protocol).doesNotContain("kafka");
    }
  }
}
