package io.wirelake.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.mcp.testing.TrafficFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capture control tools over the SDK's client: served only when allowed, and what they answer. */
class CaptureControlToolsTest {
  private static final String TOKEN = "control-token-" + "x".repeat(20);
  private static final List<String> CONTROL = List.of("check_capture_status", "start_capture", "stop_capture");

  @TempDir Path data;

  /** Two nodes; remembers what it was asked. */
  static final class FakeControl implements CaptureControl {
    final Map<String, Boolean> on = new LinkedHashMap<>(Map.of("node-a", true));
    final List<String> calls = new ArrayList<>();

    FakeControl() {
      on.put("node-b", true);
    }

    @Override
    public String scope() {
      return "fake";
    }

    @Override
    public List<NodeStatus> status() {
      return on.entrySet().stream().map(e -> new NodeStatus(e.getKey(), e.getValue(), 10L, 0L, 0L, 1L, 0L, 2L,
          null)).toList();
    }

    @Override
    public Outcome start(String node) {
      return set(node, true);
    }

    @Override
    public Outcome stop(String node) {
      return set(node, false);
    }

    private Outcome set(String node, boolean value) {
      calls.add((value ? "start " : "stop ") + node);
      if (node != null && !on.containsKey(node)) {
        throw new UnknownNodeException("no sniffer on node " + node + "; known: " + on.keySet());
      }
      on.replaceAll((n, v) -> node == null || n.equals(node) ? value : v);
      return new Outcome(true, (value ? "started" : "stopped") + " on " + (node == null ? "every node" : node));
    }
  }

  private WirelakeMcpServer server(CaptureControl control) throws Exception {
    new TrafficFixture().write(data);
    WirelakeMcpServer s = new WirelakeMcpServer(CatalogSettings.embedded(data), Clock.fixed(TrafficFixture.NOW,
        ZoneOffset.UTC));
    return control == null ? s : s.allowControl(control);
  }

  @Test
  void controlToolsAreServedOnlyWhenAllowed() throws Exception {
    try (WirelakeMcpServer s = server(null)) {
      assertThat(s.toolNames()).doesNotContainAnyElementsOf(CONTROL);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void stopStartAndStatusGoThroughTheControlAndBadNodesAreToolErrors() throws Exception {
    FakeControl control = new FakeControl();
    try (WirelakeMcpServer s = server(control)) {
      HttpEndpoint endpoint = s.serveHttp(HttpSettings.of(0, TOKEN, false));
      McpSyncClient client = McpTestClients.http(endpoint.port(), TOKEN);
      try {
        client.initialize();
        List<McpSchema.Tool> tools = client.listTools().tools();
        assertThat(tools).extracting(McpSchema.Tool::name).containsAll(CONTROL);
        McpSchema.Tool stop = tools.stream().filter(t -> t.name().equals("stop_capture")).findFirst().orElseThrow();
        assertThat(stop.annotations().readOnlyHint()).isFalse();

        CallToolResult stopped = client.callTool(new McpSchema.CallToolRequest("stop_capture", Map.of("node", "node-b")));
        assertThat(stopped.isError()).isFalse();
        Map<String, Object> content = (Map<String, Object>) stopped.structuredContent();
        assertThat(content.get("summary")).isEqualTo("stopped on node-b");
        assertThat(control.calls).containsExactly("stop node-b");

        CallToolResult status = client.callTool(new McpSchema.CallToolRequest("check_capture_status", Map.of()));
        Map<String, Object> sc = (Map<String, Object>) status.structuredContent();
        assertThat(sc.get("summary")).isEqualTo("1 of 2 nodes capturing (fake)");
        List<Map<String, Object>> rows = (List<Map<String, Object>>) sc.get("rows");
        assertThat(rows).extracting(r -> r.get("node") + "=" + r.get("capturing"))
            .containsExactly("node-a=true", "node-b=false");
        assertThat(rows.get(0)).containsEntry("queue_drops", 1).containsEntry("lag", 2);

        CallToolResult started = client.callTool(new McpSchema.CallToolRequest("start_capture", Map.of()));
        assertThat(started.isError()).isFalse();
        assertThat(control.calls).containsExactly("stop node-b", "start null");

        CallToolResult unknown = client.callTool(new McpSchema.CallToolRequest("stop_capture", Map.of("node", "nope")));
        assertThat(unknown.isError()).isTrue();
        assertThat(((McpSchema.TextContent) unknown.content().get(0)).text()).startsWith("Invalid argument node: ")
            .contains("no sniffer on node nope");
        CallToolResult wrongType = client.callTool(new McpSchema.CallToolRequest("start_capture", Map.of("node", 3)));
        assertThat(wrongType.isError()).isTrue();
        assertThat(((McpSchema.TextContent) wrongType.content().get(0)).text()).contains("node").contains("string");
        CallToolResult extra = client.callTool(new McpSchema.CallToolRequest("check_capture_status", Map.of("iface", "lo")));
        assertThat(extra.isError()).isTrue();
        assertThat(((McpSchema.TextContent) extra.content().get(0)).text()).contains("iface");
      } finally {
        client.closeGracefully();
        endpoint.close();
      }
    }
  }
}
