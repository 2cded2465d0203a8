package io.wirelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.wirelake.cli.broker.EmbeddedBroker;
import io.wirelake.cli.pipeline.ReplayRunner;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.ingest.kafka.TopicSetup;
import io.wirelake.ingest.live.CaptureCounters;
import io.wirelake.ingest.live.LiveCapture;
import io.wirelake.ingest.live.LiveCaptureSettings;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.lakehouse.testing.TableReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.Pcaps;

/**
 * Live capture on the real parts: real HTTP/1.1 exchanges on loopback, captured with libpcap, produced to a KRaft
 * broker in a child JVM, then committed by the replay job into the Iceberg tables, where every exchange must
 * appear with its method, path, status and a plausible latency. Skipped where capture is not permitted.
 */
class LiveCaptureEndToEndTest {
  private static final int REQUESTS_PER_CLIENT = 15;
  @TempDir Path data;

  /** What the test server does per path prefix: status and delay before answering. */
  private record Behaviour(String method, int status, int delayMs) {}

  private static Behaviour behaviour(int i) {
    return switch (i % 3) {
      case 0 -> new Behaviour("GET", 200, 10);
      case 1 -> new Behaviour("GET", 404, 20);
      default -> new Behaviour("POST", 500, 30);
    };
  }

  @Test
  void capturedHttpExchangesReachTheTables() throws Exception {
    assumeCapturePermitted();
    HttpServer server = testServer();
    int port = server.getAddress().getPort();
    try (EmbeddedBroker broker = EmbeddedBroker.start(data, Duration.ofSeconds(90))) {
      TopicSetup.ensureTopics(broker.bootstrapServers(), 4, (short) 1);
      Map<String, Behaviour> sent = new HashMap<>();
      LiveCaptureSettings settings = LiveCaptureSettings.of("lo", broker.bootstrapServers(), "test-node")
          .withBpf("tcp port " + port).withQueueBytes(16L * 1024 * 1024).withStatsInterval(Duration.ZERO);
      CaptureCounters.Snapshot end;
      try (LiveCapture capture = LiveCapture.start(settings)) {
        await(capture::isReady, Duration.ofSeconds(30), "capture ready and Kafka reachable");
        for (int client = 0; client < 2; client++) {
          HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
          for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
            int n = client * REQUESTS_PER_CLIENT + i;
            Behaviour b = behaviour(n);
            boolean last = i == REQUESTS_PER_CLIENT - 1;
            String path = "/r" + n + (last ? "/close" : "");
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
            req = b.method().equals("POST")
                ? req.POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + n + "}"))
                : req.GET();
            HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(b.status());
            sent.put(path, b);
          }
        }
        Thread.sleep(500); // the last FIN/ACK exchanges
        await(() -> {
          CaptureCounters.Snapshot s = capture.counters().snapshot();
          return s.captured() > 0 && s.inFlight() == 0 && s.produced() > 0;
        }, Duration.ofSeconds(30), "every captured frame produced");
        end = capture.counters().snapshot();
      }
      System.out.println("live capture: " + end);
      assertThat(end.queueDrops()).isZero();
      assertThat(end.kernelDrops()).isZero();
      assertThat(end.produceErrors()).isZero();
      // every exchange is at least 4 segments (request, response and their ACKs); plus handshakes and closes
      assertThat(end.produced()).isGreaterThanOrEqualTo(4L * sent.size() + 2 * 3);

      new ReplayRunner(data, broker.bootstrapServers(), CatalogSettings.embedded(data.toAbsolutePath()),
          DissectionConfig.defaults(), 1).runToEnd();

      try (TableReader t = TableReader.embedded(data)) {
        List<Record> tx = t.rows(WirelakeTables.L7_TRANSACTIONS);
        Map<String, Record> byPath = new HashMap<>();
        for (Record r : tx) {
          byPath.put((String) r.getField("path"), r);
        }
        assertThat(byPath.keySet()).containsExactlyInAnyOrderElementsOf(sent.keySet());
        assertThat(tx).hasSize(sent.size());
        for (Map.Entry<String, Behaviour> e : sent.entrySet()) {
          Record r = byPath.get(e.getKey());
          Behaviour b = e.getValue();
          assertThat(r.getField("method")).as(e.getKey()).isEqualTo(b.method());
          assertThat(r.getField("status")).as(e.getKey()).isEqualTo(b.status());
          assertThat(r.getField("server_port")).isEqualTo(port);
          assertThat(r.getField("node")).isEqualTo("test-node");
          assertThat((Long) r.getField("latency_us")).as(e.getKey() + " latency")
              .isGreaterThanOrEqualTo(b.delayMs() * 1000L).isLessThan(5_000_000L);
        }
        List<Record> flows = t.rows(WirelakeTables.L4_FLOWS).stream()
            .filter(f -> Integer.valueOf(port).equals(f.getField("server_port"))).toList();
        assertThat(flows).as("one connection per client").hasSize(2);
        for (Record f : flows) {
          assertThat((Long) f.getField("handshake_rtt_us")).isNotNull().isGreaterThanOrEqualTo(0L)
              .isLessThan(1_000_000L);
          assertThat(f.getField("client_ip")).isEqualTo("127.0.0.1");
        }
      }
    } finally {
      server.stop(0);
    }
  }

  /** Skips (with the reason) where libpcap is missing or this process may not capture. */
  static void assumeCapturePermitted() {
    try {
      List<String> names = new ArrayList<>();
      Pcaps.findAllDevs().forEach(d -> names.add(d.getName()));
      Assumptions.assumeTrue(names.contains("lo"), "no loopback interface visible to libpcap: " + names);
      PcapHandle h = new PcapHandle.Builder("lo").snaplen(128).promiscuousMode(PromiscuousMode.NONPROMISCUOUS)
          .timeoutMillis(10).build();
      h.close();
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      Assumptions.abort("libpcap is not installed (apt-get install libpcap0.8): " + e);
    } catch (Exception e) {
      Assumptions.abort("live capture is not permitted here (needs root or CAP_NET_RAW): " + e.getMessage());
    }
  }

  /** Answers /r<n>: status and delay from {@link #behaviour(int)}; paths ending in /close close the connection. */
  private static HttpServer testServer() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    s.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      int n = Integer.parseInt(path.substring(2).replace("/close", ""));
      Behaviour b = behaviour(n);
      ex.getRequestBody().readAllBytes();
      try {
        Thread.sleep(b.delayMs());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = ("{\"status\":" + b.status() + "}").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      if (path.endsWith("/close")) {
        ex.getResponseHeaders().set("Connection", "close");
      }
      ex.sendResponseHeaders(b.status(), body.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    });
    s.start();
    return s;
  }

  static void await(java.util.function.BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }
}
