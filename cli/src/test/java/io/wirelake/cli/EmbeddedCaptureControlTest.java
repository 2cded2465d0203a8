package io.wirelake.cli;

import static io.wirelake.cli.LiveCaptureEndToEndTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.wirelake.cli.broker.EmbeddedBroker;
import io.wirelake.cli.capture.EmbeddedCaptureControl;
import io.wirelake.cli.capture.LocalSniffer;
import io.wirelake.ingest.kafka.TopicSetup;
import io.wirelake.ingest.live.LiveCaptureSettings;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.mcp.HttpEndpoint;
import io.wirelake.mcp.HttpSettings;
import io.wirelake.mcp.WirelakeMcpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture control tools of {@code up --allow-control} through the MCP SDK's client: the embedded stack's
 * sniffer on loopback is stopped and started, and the status follows. Skipped where capture is not permitted.
 */
class EmbeddedCaptureControlTest {
  private static final String TOKEN = "control-" + "t".repeat(24);
  @TempDir Path data;

  @Test
  @SuppressWarnings("unchecked")
  void stopAndStartCaptureThroughMcpToolsAndReadItsCounters() throws Exception {
    LiveCaptureEndToEndTest.assumeCapturePermitted();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(200, 2);
      try (OutputStream o = ex.getResponseBody()) {
        o.write("ok".getBytes());
      }
    });
    server.start();
    int port = server.getAddress().getPort();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (EmbeddedBroker broker = EmbeddedBroker.start(data, Duration.ofSeconds(90));
        LocalSniffer sniffer = new LocalSniffer(LiveCaptureSettings.of("lo", broker.bootstrapServers(), "this-node")
            .withBpf("tcp port " + port).withStatsInterval(Duration.ZERO), Duration.ofSeconds(10));
        WirelakeMcpServer mcp = new WirelakeMcpServer(CatalogSettings.embedded(data.toAbsolutePath()),
            Clock.systemUTC()).allowControl(new EmbeddedCaptureControl(sniffer))) {
      TopicSetup.ensureTopics(broker.bootstrapServers(), 4, (short) 1);
      sniffer.start();
      await(sniffer::isReady, Duration.ofSeconds(30), "capture ready");
      HttpEndpoint endpoint = mcp.serveHttp(HttpSettings.of(0, TOKEN, false));
      McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + endpoint.port())
          .endpoint(WirelakeMcpServer.ENDPOINT)
          .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TOKEN)).build())
          .requestTimeout(Duration.ofSeconds(60)).build();
      try {
        client.initialize();
        calls(http, port, 5);
        await(() -> sniffer.totals().produced() >= 20 && sniffer.totals().inFlight() == 0, Duration.ofSeconds(30),
            "the first calls produced");

        Map<String, Object> status = ok(client, "check_capture_status", Map.of());
        assertThat(status.get("summary")).isEqualTo("1 of 1 nodes capturing (embedded sniffer on lo)");
        Map<String, Object> row = ((List<Map<String, Object>>) status.get("rows")).get(0);
        assertThat(row).containsEntry("node", "this-node").containsEntry("capturing", true)
            .containsEntry("queue_drops", 0).containsEntry("produce_errors", 0).containsEntry("lag", 0);
        assertThat(((Number) row.get("packets")).longValue()).isGreaterThanOrEqualTo(20);

        Map<String, Object> stopped = ok(client, "stop_capture", Map.of("node", "this-node"));
        assertThat(stopped).containsEntry("changed", true);
        assertThat(sniffer.isCapturing()).isFalse();
        long packetsWhenStopped = sniffer.totals().captured();
        calls(http, port, 5);
        Map<String, Object> whileStopped = ((List<Map<String, Object>>) ok(client, "check_capture_status", Map.of())
            .get("rows")).get(0);
        assertThat(whileStopped).containsEntry("capturing", false)
            .containsEntry("packets", (int) packetsWhenStopped);
        assertThat(ok(client, "stop_capture", Map.of())).containsEntry("changed", false);

        assertThat(ok(client, "start_capture", Map.of())).containsEntry("changed", true);
        await(sniffer::isReady, Duration.ofSeconds(30), "capture ready again");
        calls(http, port, 5);
        await(() -> sniffer.totals().captured() >= packetsWhenStopped + 20 && sniffer.totals().inFlight() == 0,
            Duration.ofSeconds(30), "the calls after the restart captured and produced");
        assertThat(sniffer.totals().produced()).isEqualTo(sniffer.totals().captured());

        CallToolResult wrongNode = client.callTool(new McpSchema.CallToolRequest("stop_capture", Map.of("node", "elsewhere")));
        assertThat(wrongNode.isError()).isTrue();
        assertThat(((McpSchema.TextContent) wrongNode.content().get(0)).text())
            .startsWith("Invalid argument node:").contains("elsewhere").contains("this-node");
        assertThat(sniffer.isCapturing()).isTrue();
      } finally {
        client.closeGracefully();
        endpoint.close();
      }
    } finally {
      server.stop(0);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> ok(McpSyncClient client, String tool, Map<String, Object> args) {
    CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool, args));
    assertThat(r.isError()).as(((McpSchema.TextContent) r.content().get(0)).text()).isFalse();
    return (Map<String, Object>) r.structuredContent();
  }

  /** {@code n} calls, each on its own connection (handshake, request, response, close: at least 4 frames). */
  private static void calls(HttpClient ignored, int port, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> r = fresh.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/c" + i))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }
}
