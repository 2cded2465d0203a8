package io.wirelake.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.wirelake.cli.up.UpStack;
import io.wirelake.ingest.live.LiveCaptureSettings;
import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.table.WirelakeTables;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Freshness of {@code wirelake up}: the delay from a packet's capture to its call being queryable in
 * {@code net.l7_transactions}. Starts the embedded stack (fresh data folder) with live capture on loopback, keeps
 * a light background load on a local HTTP server (a call every 100 ms, as a node always has some traffic: the
 * watermark only moves with packets), then makes {@code --calls} calls with unique paths, 1-6 s apart (random, so they sample every phase of the
 * checkpoint cycle), and polls
 * the table (an Iceberg scan filtered on the path, every 100 ms) until each appears. Needs root or CAP_NET_RAW.
 * Arguments: {@code --calls N} (20), {@code --checkpoint-interval S} (5), {@code --data DIR} (a new temp dir).
 */
public final class Freshness {
  private Freshness() {}

  public static void main(String[] args) throws Exception {
    int calls = 20;
    int checkpointSeconds = 5;
    Path data = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--calls" -> calls = Integer.parseInt(args[i + 1]);
        case "--checkpoint-interval" -> checkpointSeconds = Integer.parseInt(args[i + 1]);
        case "--data" -> data = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (data == null) {
      data = Files.createTempDirectory("wirelake-freshness");
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 32);
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      byte[] b = "{\"ok\":true}".getBytes();
      ex.sendResponseHeaders(200, b.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      }
    });
    server.start();
    int port = server.getAddress().getPort();
    UpStack.Settings settings = new UpStack.Settings(data, null, 1, Duration.ofSeconds(checkpointSeconds),
        Duration.ofSeconds(2), "127.0.0.1", 0, "freshness-token-0123456789abcdef", false,
        bootstrap -> LiveCaptureSettings.of("lo", bootstrap, "bench").withBpf("tcp port " + port)
            .withStatsInterval(Duration.ZERO), null, System.out::println);
    AtomicBoolean running = new AtomicBoolean(true);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (UpStack up = UpStack.start(settings)) {
      Thread background = new Thread(() -> {
        int n = 0;
        while (running.get()) {
          try {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/bg/" + n++)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
            Thread.sleep(100);
          } catch (Exception e) {
            return;
          }
        }
      }, "background-load");
      background.setDaemon(true);
      background.start();
      Thread.sleep(20_000); // broker, job and capture warmed up; the first checkpoints done
      Catalog catalog = CatalogFactory.open(CatalogSettings.embedded(data.toAbsolutePath()));
      Table table = catalog.loadTable(WirelakeTables.L7_TRANSACTIONS);
      List<Long> delays = new ArrayList<>();
      java.util.Random jitter = new java.util.Random(1);
      for (int i = 0; i < calls; i++) {
        String path = "/fresh/" + i + "-" + System.nanoTime();
        long sent = System.nanoTime();
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
            HttpResponse.BodyHandlers.discarding());
        long deadline = sent + Duration.ofSeconds(120).toNanos();
        while (true) {
          table.refresh();
          boolean found;
          try (CloseableIterable<Record> rows = IcebergGenerics.read(table).where(Expressions.equal("path", path))
              .select("path").build()) {
            found = rows.iterator().hasNext();
          }
          if (found) {
            long ms = (System.nanoTime() - sent) / 1_000_000;
            delays.add(ms);
            System.out.printf("call %2d queryable after %5d ms%n", i, ms);
            break;
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(path + " not queryable after 120 s");
          }
          Thread.sleep(100);
        }
        Thread.sleep(1000 + jitter.nextInt(5000)); // calls land at every phase of the checkpoint cycle
      }
      running.set(false);
      Collections.sort(delays);
      long p50 = delays.get((int) Math.ceil(delays.size() * 0.5) - 1);
      long p90 = delays.get((int) Math.ceil(delays.size() * 0.9) - 1);
      System.out.printf("freshness over %d calls, checkpoint interval %d s: min %d ms, p50 %d ms, p90 %d ms, max %d ms%n",
          delays.size(), checkpointSeconds, delays.get(0), p50, p90, delays.get(delays.size() - 1));
      if (catalog instanceof java.io.Closeable c) {
        c.close();
      }
    } finally {
      running.set(false);
      server.stop(0);
    }
  }
}
