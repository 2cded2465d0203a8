package io.wirelake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.wirelake.ingest.generate.GeneratorConfig;
import io.wirelake.ingest.generate.PlantedChanges;
import io.wirelake.lakehouse.aggregate.AggregateFilter;
import io.wirelake.lakehouse.aggregate.AggregateQuery;
import io.wirelake.lakehouse.aggregate.GroupBy;
import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.mcp.HttpEndpoint;
import io.wirelake.mcp.HttpSettings;
import io.wirelake.mcp.WirelakeMcpServer;
import java.io.Closeable;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's two days through the real pipeline (broker, Flink, Iceberg), then the MCP server over them with
 * the SDK's client: the planted changes of the last afternoon must come out first.
 */
class DemoMcpEndToEndTest {
  static final int REQUESTS = 60_000;
  static final String TOKEN = "demo-test-token-0123456789abcdef";
  static final String YESTERDAY_AFTERNOON = "2026-11-28T14:00:00Z";
  static final String TODAY_AFTERNOON = "2026-11-29T14:00:00Z";

  @TempDir static Path data;
  static PlantedChanges planted;
  static WirelakeMcpServer server;
  static HttpEndpoint endpoint;
  static McpSyncClient client;

  @BeforeAll
  static void runDemoAndServe() throws Exception {
    assertThat(Main.commandLine().execute("demo", "--data", data.toString(), "--no-serve",
        "--requests", String.valueOf(REQUESTS))).isZero();
    planted = PlantedChanges.of(GeneratorConfig.history(42, DemoCommand.DEMO_START_MICROS, 2, REQUESTS / 2, 8));
    server = new WirelakeMcpServer(CatalogSettings.embedded(data.toAbsolutePath()),
        Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC));
    endpoint = server.serveHttp(HttpSettings.of(0, TOKEN, false));
    client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + endpoint.port())
            .endpoint(WirelakeMcpServer.ENDPOINT)
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TOKEN))
            .build())
        .requestTimeout(Duration.ofSeconds(120)).build();
    client.initialize();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.closeGracefully();
    }
    if (endpoint != null) {
      endpoint.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> call(String tool, Object... keyValues) {
    Map<String, Object> args = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      args.put((String) keyValues[i], keyValues[i + 1]);
    }
    McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool, args));
    assertThat(r.isError()).as(String.valueOf(r.content())).isFalse();
    return (Map<String, Object>) r.structuredContent();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> rows(Map<String, Object> content) {
    return (List<Map<String, Object>>) content.get("rows");
  }


  @Test
  void compareWindowsRanksThePlantedLatencyTailFirst() {
    Map<String, Object> result = call("compare_windows", "a_from", YESTERDAY_AFTERNOON, "a_to", "2026-11-28T18:00:00Z",
        "b_from", TODAY_AFTERNOON, "b_to", "2026-11-29T18:00:00Z", "metric", "latency", "group_by", "service");
    Map<String, Object> top = rows(result).get(0);
    // the demo's metadata names every service: groups are services, not pod addresses
    assertThat(top.get("group")).isEqualTo(planted.slowTail().service().name());
    assertThat(((Number) top.get("relative_change")).doubleValue()).isGreaterThan(1.0);
  }

  @Test
  void compareWindowsRanksTheErrorBurstEndpointFirst() {
    Map<String, Object> result = call("compare_windows", "a_from", YESTERDAY_AFTERNOON, "a_to", "2026-11-28T18:00:00Z",
        "b_from", TODAY_AFTERNOON, "b_to", "2026-11-29T18:00:00Z", "metric", "errors", "group_by", "endpoint");
    String top = (String) rows(result).get(0).get("group");
    assertThat(top).startsWith(planted.errorBurst().service().name() + " ");
    assertThat(top).endsWith(planted.errorBurst().method() + " " + planted.errorBurst().route());
  }

  @Test
  @SuppressWarnings("unchecked")
  void compareWindowsShowsTheNewCallerAsAppeared() {
    String users = planted.newCaller().callee().name();
    Map<String, Object> result = call("compare_windows", "a_from", YESTERDAY_AFTERNOON, "a_to", "2026-11-28T18:00:00Z",
        "b_from", TODAY_AFTERNOON, "b_to", "2026-11-29T18:00:00Z", "metric", "volume", "group_by", "client",
        "service", users);
    assertThat((List<String>) result.get("appeared")).contains(planted.newCaller().caller().name());
  }

  @Test
  void baselineRanksThePlantedLatencyTailFirst() {
    Map<String, Object> result = call("get_baseline", "from", TODAY_AFTERNOON, "to", "2026-11-29T18:00:00Z",
        "periods", 1, "metric", "latency", "group_by", "service");
    assertThat(rows(result).get(0).get("group")).isEqualTo(planted.slowTail().service().name());
    assertThat(rows(result).get(0)).containsKey("baseline_spread");
  }

  @Test
  void apiStatsOverTheWholeHistoryReadTheAggregatesAndCountEveryCall() throws Exception {
    Map<String, Object> result = call("get_api_stats", "from", "2026-11-28", "to", "2026-11-29", "group_by", "all");
    assertThat((String) result.get("source")).startsWith("aggregates");
    long requests = rows(result).stream().mapToLong(r -> ((Number) r.get("requests")).longValue()).sum();
    assertThat(requests).isEqualTo(rawCount());
  }

  static long rawCount() throws Exception {
    Catalog catalog = CatalogFactory.open(CatalogSettings.embedded(data.toAbsolutePath()));
    try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(WirelakeTables.L7_TRANSACTIONS))
        .select("id").build()) {
      long n = 0;
      for (Record ignored : rows) {
        n++;
      }
      return n;
    } finally {
      ((Closeable) catalog).close();
    }
  }

  @Test
  void sketchPercentilesAgreeWithNearestRankOverRawRowsWithinOnePercent() throws Exception {
    Catalog catalog = CatalogFactory.open(CatalogSettings.embedded(data.toAbsolutePath()));
    try {
      List<Long> latencies = new ArrayList<>();
      try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(WirelakeTables.L7_TRANSACTIONS))
          .select("protocol", "latency_us").build()) {
        for (Record r : rows) {
          if (r.getField("latency_us") != null && "http/1.1".equals(r.getField("protocol"))) {
            latencies.add((Long) r.getField("latency_us"));
          }
        }
      }
      Collections.sort(latencies);
      var all = new AggregateQuery(catalog).latency(Instant.parse("2026-11-28T00:00:00Z"),
          Instant.parse("2026-11-30T00:00:00Z"), GroupBy.PROTOCOL, AggregateFilter.NONE).get("http/1.1");
      assertThat(all.measured()).isEqualTo(latencies.size());
      for (double p : new double[] {50, 90, 99}) {
        long want = latencies.get((int) Math.ceil(p / 100 * latencies.size()) - 1);
        assertThat((double) all.percentile(p)).as("p%s", p).isCloseTo(want, withPercentage(1));
      }
    } finally {
      ((Closeable) catalog).close();
    }
  }
}
