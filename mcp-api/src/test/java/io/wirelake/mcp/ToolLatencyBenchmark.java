package io.wirelake.mcp;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Cold and warm latency of each tool over HTTP against a real data folder:
 * {@code mvn -pl mcp-api test -Dtest=ToolLatencyBenchmark -Dwirelake.bench.data=DIR}.
 */
@EnabledIfSystemProperty(named = "wirelake.bench.data", matches = ".+")
class ToolLatencyBenchmark {

  @Test
  @SuppressWarnings("unchecked")
  void measure() throws Exception {
    Path data = Path.of(System.getProperty("wirelake.bench.data"));
    try (WirelakeMcpServer server = new WirelakeMcpServer(CatalogSettings.embedded(data), Clock.systemUTC());
        HttpEndpoint endpoint = server.serveHttp(HttpSettings.of(0, HttpTransportTest.TOKEN, false))) {
      HttpTransportTest.endpoint = endpoint;
      McpSyncClient client = HttpTransportTest.client(HttpTransportTest.TOKEN);
      client.initialize();
      Map<String, Object> first = (Map<String, Object>) client.callTool(
          new McpSchema.CallToolRequest("list_api_calls", Map.of("limit", 1))).structuredContent();
      String id = (String) ((List<Map<String, Object>>) first.get("rows")).get(0).get("id");
      Map<String, Map<String, Object>> calls = new LinkedHashMap<>();
      calls.put("get_data_boundaries", Map.of());
      calls.put("list_api_calls", Map.of("limit", 100));
      calls.put("list_api_calls p3", Map.of("limit", 100, "order", "newest_first", "errors_only", true));
      calls.put("get_api_call", Map.of("id", id));
      calls.put("get_api_stats service", Map.of("group_by", "service"));
      calls.put("get_api_stats endpoint", Map.of("group_by", "endpoint"));
      calls.put("list_l4_flows grouped", Map.of("group_by", "service"));
      calls.put("list_l4_flows", Map.of("limit", 100));
      calls.put("get_l4_flow_summary", Map.of());
      calls.put("service_map", Map.of());
      calls.put("trace_request", Map.of("id", id));
      calls.put("run_sql", Map.of("query", "SELECT count(*) FROM l7_transactions"));
      for (Map.Entry<String, Map<String, Object>> call : calls.entrySet()) {
        String tool = call.getKey().split(" ")[0];
        long[] ms = new long[6];
        String summary = null;
        for (int i = 0; i < ms.length; i++) {
          long t0 = System.nanoTime();
          CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, call.getValue()));
          ms[i] = (System.nanoTime() - t0) / 1_000_000;
          summary = String.valueOf(((Map<String, Object>) result.structuredContent() == null ? Map.of("summary", result.content()) : (Map<String, Object>) result.structuredContent()).get("summary"));
        }
        long[] warm = Arrays.copyOfRange(ms, 1, ms.length);
        Arrays.sort(warm);
        System.err.printf("BENCH %-24s cold %6d ms  warm median %5d ms  max %5d ms  | %s%n",
            call.getKey(), ms[0], warm[warm.length / 2], warm[warm.length - 1], summary.length() > 110 ? summary.substring(0, 110) : summary);
      }
      client.closeGracefully();
    }
  }
}
