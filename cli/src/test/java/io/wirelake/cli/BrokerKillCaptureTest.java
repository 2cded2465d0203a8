package io.wirelake.cli;

import static io.wirelake.cli.LiveCaptureEndToEndTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.wirelake.cli.broker.EmbeddedBroker;
import io.wirelake.ingest.kafka.TopicSetup;
import io.wirelake.ingest.live.CaptureCounters;
import io.wirelake.ingest.live.LiveCapture;
import io.wirelake.ingest.live.LiveCaptureSettings;
import io.wirelake.schemas.Segment;
import io.wirelake.schemas.Topics;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Killing the broker (SIGKILL of its JVM) under a live capture on loopback, with a small buffer: capture goes on
 * while Kafka is gone, the buffer drops its oldest frames once full, and after the broker is back on the same
 * data dir every frame the capture saw is either in Kafka or counted as dropped, exactly. Skipped where capture
 * is not permitted.
 */
class BrokerKillCaptureTest {
  private static final long BUFFER = 2L * 1024 * 1024;
  private static final int SNAPLEN = 65535;
  private static final int BODY = 512 * 1024;
  @TempDir Path data;

  @Test
  void everyCapturedFrameIsInKafkaOrCountedAsDroppedAcrossABrokerKill() throws Exception {
    LiveCaptureEndToEndTest.assumeCapturePermitted();
    byte[] body = new byte[BODY];
    new Random(7).nextBytes(body); // incompressible, so the producer's own buffer fills as fast as the wire
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    });
    server.start();
    int port = server.getAddress().getPort();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    EmbeddedBroker broker = EmbeddedBroker.start(data, Duration.ofSeconds(90));
    EmbeddedBroker restarted = null;
    String bootstrap = broker.bootstrapServers();
    try {
      TopicSetup.ensureTopics(bootstrap, 4, (short) 1);
      LiveCaptureSettings settings = LiveCaptureSettings.of("lo", bootstrap, "kill-node")
          .withBpf("tcp port " + port).withSnaplen(SNAPLEN).withQueueBytes(BUFFER).withStatsInterval(Duration.ZERO);
      try (LiveCapture capture = LiveCapture.start(settings)) {
        await(capture::isReady, Duration.ofSeconds(30), "capture ready");
        int call = 0;
        for (; call < 10; call++) {
          get(http, port, call);
        }
        await(() -> settled(capture) && capture.counters().snapshot().inFlight() == 0, Duration.ofSeconds(30),
            "the calls before the kill produced");
        CaptureCounters.Snapshot beforeKill = capture.counters().snapshot();
        assertThat(beforeKill.queueDrops() + beforeKill.produceErrors()).isZero();

        ProcessHandle.of(broker.pid()).orElseThrow().destroyForcibly(); // SIGKILL
        await(() -> ProcessHandle.of(broker.pid()).map(p -> !p.isAlive()).orElse(true), Duration.ofSeconds(30),
            "the broker's JVM gone");
        broker.close();

        // Kafka is gone: ~100 MiB of traffic, far beyond the 2 MiB buffer and the producer's 32 MiB
        int firstDuringOutage = call;
        for (; call < firstDuringOutage + 200; call++) {
          get(http, port, call);
        }
        int lastCall = call - 1;
        await(() -> settled(capture), Duration.ofSeconds(30), "capture caught up with the traffic");
        CaptureCounters.Snapshot outage = capture.counters().snapshot();
        int outageCalls = lastCall - firstDuringOutage + 1;
        assertThat(outage.captured() - beforeKill.captured()).as("capture went on while Kafka was down")
            .isGreaterThanOrEqualTo(4L * outageCalls);
        assertThat(outage.queueDrops()).as("the buffer overflowed and dropped its oldest frames").isPositive();
        assertThat(outage.queuedBytes()).isLessThanOrEqualTo(BUFFER);
        assertThat(outage.produced()).as("nothing reached Kafka while it was down")
            .isEqualTo(beforeKill.produced());

        restarted = EmbeddedBroker.start(data, Duration.ofSeconds(90));
        assertThat(restarted.bootstrapServers()).as("the broker is back where the producer knows it").isEqualTo(bootstrap);
        await(() -> capture.counters().snapshot().inFlight() == 0, Duration.ofSeconds(120),
            "every buffered frame produced or failed after the broker came back");
        CaptureCounters.Snapshot end = capture.counters().snapshot();
        capture.stop(Duration.ofSeconds(30));

        long dropped = end.queueDrops() + end.produceErrors();
        Map<String, Long> inKafka = kafkaRecords(bootstrap, lastCall);
        System.out.printf("broker kill: before=%s%n  outage=%s%n  end=%s%n  kafka=%s%n", beforeKill, outage, end, inKafka);
        assertThat(inKafka.get("records")).as("frames in Kafka = frames produced").isEqualTo(end.produced());
        assertThat(end.captured()).as("captured = in Kafka + dropped + not TCP/UDP, exactly")
            .isEqualTo(inKafka.get("records") + dropped + end.decodeSkips());
        assertThat(dropped).as("only frames captured while Kafka was down were lost")
            .isLessThanOrEqualTo(end.captured() - beforeKill.captured());
        assertThat(end.bytesProduced() - beforeKill.bytesProduced())
            .as("at least a full buffer of the outage's newest traffic reached Kafka")
            .isGreaterThanOrEqualTo(BUFFER - SNAPLEN);
        assertThat(inKafka.get("lastCallRequests")).as("the newest frames were kept (drop-oldest)").isEqualTo(1L);
      }
    } finally {
      if (restarted != null) {
        restarted.close();
      }
      broker.close();
      server.stop(0);
    }
  }

  private static void get(HttpClient http, int port, int n) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/k" + n))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  /** True once the captured count did not move for 500 ms (libpcap has handed over what the kernel held). */
  private static boolean settled(LiveCapture capture) {
    long now = capture.counters().snapshot().captured();
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return now == capture.counters().snapshot().captured();
  }

  /** How many records the segments topic holds, and how many carry the request of call {@code last}. */
  private static Map<String, Long> kafkaRecords(String bootstrap, int last) {
    Map<String, Object> conf = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    io.wirelake.schemas.AvroTrust.trustWirelakeSchemas();
    byte[] marker = ("GET /k" + last + " HTTP/1.1").getBytes(StandardCharsets.US_ASCII);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(conf)) {
      List<TopicPartition> parts = consumer.partitionsFor(Topics.SEGMENTS, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
      long records = 0;
      long lastCall = 0;
      Set<TopicPartition> done = new HashSet<>();
      while (done.size() < parts.size()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
          records++;
          try {
            Segment s = Segment.fromByteBuffer(ByteBuffer.wrap(r.value()));
            ByteBuffer frame = s.getFrame().duplicate();
            byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            if (indexOf(bytes, marker) >= 0) {
              lastCall++;
            }
          } catch (java.io.IOException e) {
            throw new AssertionError("not a segment record at " + r.topic() + "/" + r.partition() + "@" + r.offset(), e);
          }
        }
        for (TopicPartition tp : parts) {
          if (consumer.position(tp) >= end.get(tp)) {
            done.add(tp);
          }
        }
      }
      return Map.of("records", records, "lastCallRequests", lastCall);
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
