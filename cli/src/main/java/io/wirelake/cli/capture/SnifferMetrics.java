package io.wirelake.cli.capture;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wirelake.ingest.live.PrometheusText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** {@code /healthz}, {@code /readyz} and {@code /metrics} (Prometheus text) of a {@link LocalSniffer}. */
public final class SnifferMetrics {
  private SnifferMetrics() {}

  /**
   * Serves the sniffer's probes and counters on {@code bind:port} (0 = any free port).
   *
   * @param healthy what {@code /healthz} reports: the capture thread runs (or capture was stopped on purpose)
   */
  public static HttpServer serve(String bind, int port, LocalSniffer sniffer, BooleanSupplier healthy)
      throws IOException {
    String iface = sniffer.settings().iface();
    String node = sniffer.settings().node();
    HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 16);
    server.createContext("/healthz", ex -> probe(ex, healthy, "capturing", "capture thread stopped"));
    server.createContext("/readyz", ex -> probe(ex, sniffer::isReady, "ready",
        sniffer.isCapturing() ? "waiting for Kafka" : "not capturing"));
    server.createContext("/metrics", ex -> respond(ex, 200, PrometheusText.CONTENT_TYPE,
        PrometheusText.render(sniffer.totals(), iface, node)));
    server.start();
    return server;
  }

  private static void probe(HttpExchange ex, BooleanSupplier ok, String yes, String no) throws IOException {
    boolean up = ok.getAsBoolean();
    respond(ex, up ? 200 : 503, "text/plain; charset=utf-8", (up ? yes : no) + "\n");
  }

  private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }
}
