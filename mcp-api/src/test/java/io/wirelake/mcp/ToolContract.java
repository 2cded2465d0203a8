package io.wirelake.mcp;

import static io.wirelake.mcp.testing.TrafficFixture.MAIN_FROM;
import static io.wirelake.mcp.testing.TrafficFixture.MAIN_TO;
import static io.wirelake.mcp.testing.TrafficFixture.nearestRank;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.wirelake.mcp.testing.TrafficFixture;
import io.wirelake.mcp.testing.TrafficFixture.Call;
import io.wirelake.mcp.testing.TrafficFixture.Flow;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every transport must deliver: the tools over the SDK's own client, checked against
 * {@link TrafficFixture}'s rows with expected values computed here.
 */
abstract class ToolContract {

  static final TrafficFixture FIXTURE = new TrafficFixture();

  abstract McpSyncClient client();

  /** The data folder the server under test reads and audits into. */
  abstract java.nio.file.Path data();

  /** The caller name the audit log must show for this transport. */
  abstract String expectedCaller();

  CallToolResult call(String tool, Map<String, Object> args) {
    return client().callTool(new McpSchema.CallToolRequest(tool, args));
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> ok(String tool, Map<String, Object> args) {
    CallToolResult result = call(tool, args);
    assertThat(result.isError()).as(text(result)).isFalse();
    assertThat(result.structuredContent()).isInstanceOf(Map.class);
    Map<String, Object> content = (Map<String, Object>) result.structuredContent();
    assertThat(content.get("summary")).asString().isNotBlank();
    assertThat(text(result)).contains("\"summary\"");
    return content;
  }

  String error(String tool, Map<String, Object> args) {
    CallToolResult result = call(tool, args);
    assertThat(result.isError()).as("expected a tool error, got " + text(result)).isTrue();
    return text(result);
  }

  static String text(CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  static Map<String, Object> args(Object... keyValues) {
    Map<String, Object> args = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      args.put((String) keyValues[i], keyValues[i + 1]);
    }
    return args;
  }

  static Map<String, Object> main(Object... more) {
    Map<String, Object> args = args("from", MAIN_FROM, "to", MAIN_TO);
    args.putAll(args(more));
    return args;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> rows(Map<String, Object> content) {
    return (List<Map<String, Object>>) content.get("rows");
  }

  static long num(Object value) {
    return ((Number) value).longValue();
  }

  static Long numOrNull(Object value) {
    return value == null ? null : ((Number) value).longValue();
  }

  static List<String> ids(List<Call> calls) {
    return calls.stream()
        .sorted(Comparator.comparing(Call::requestTs).thenComparing(Call::id))
        .map(Call::id)
        .toList();
  }

  List<String> pageThrough(Map<String, Object> first) {
    List<String> seen = new ArrayList<>();
    Map<String, Object> args = new LinkedHashMap<>(first);
    while (true) {
      Map<String, Object> page = ok("list_api_calls", args);
      rows(page).forEach(row -> seen.add((String) row.get("id")));
      if (!(Boolean) page.get("truncated")) {
        assertThat(page).doesNotContainKey("next_cursor");
        return seen;
      }
      args.put("cursor", page.get("next_cursor"));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void listsEveryToolWithADescriptionAndAnObjectSchema() {
    List<McpSchema.Tool> tools = client().listTools().tools();
    assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder(
        "get_data_boundaries", "list_api_calls", "get_api_call", "get_api_stats", "list_l4_flows",
        "get_l4_flow_summary", "service_map", "trace_request", "run_sql", "compare_windows", "get_baseline",
        "export_evidence", "create_snapshot", "list_snapshots", "find_security_issues", "list_workloads", "list_ips");
    for (McpSchema.Tool tool : tools) {
      assertThat(tool.description()).as(tool.name()).hasSizeGreaterThan(80);
      assertThat(tool.inputSchema().get("type")).isEqualTo("object");
    }
    McpSchema.Tool getCall = tools.stream().filter(t -> t.name().equals("get_api_call")).findFirst().orElseThrow();
    assertThat(getCall.inputSchema().get("required")).isEqualTo(List.of("id"));
    McpSchema.Tool list = tools.stream().filter(t -> t.name().equals("list_api_calls")).findFirst().orElseThrow();
    assertThat((Map<String, Object>) list.inputSchema().get("properties")).containsKeys(
        "from", "to", "tz", "namespace", "workload", "service", "pod", "ip", "port", "protocol",
        "method", "path", "status", "limit", "cursor");
  }

  @Test
  @SuppressWarnings("unchecked")
  void securityIssuesAnswerPerCategoryWithRedactedFindings() {
    Map<String, Object> all = ok("find_security_issues", main());
    assertThat(all).containsKeys("missing_auth", "services_without_auth", "egress", "plaintext_external", "sensitive_data");
    assertThat(num(all.get("calls_scanned"))).isEqualTo(FIXTURE.mainCalls.size());
    // every fixture endpoint is called with credentials 4 times in 5 (i % 5 != 0), so no server lacks them entirely
    assertThat((List<Object>) all.get("services_without_auth")).isEmpty();
    assertThat((List<Object>) all.get("egress")).isEmpty();
    Map<String, Object> some = ok("find_security_issues", main("categories", List.of("egress", "sensitive_data"), "limit", 5));
    assertThat(some.get("categories")).isEqualTo(List.of("egress", "sensitive_data"));
    assertThat(some).doesNotContainKey("missing_auth");
    assertThat(error("find_security_issues", main("categories", List.of("egress", "malware")))).contains("categories").contains("malware");
    assertThat(error("find_security_issues", main("categories", "egress"))).contains("categories");
    assertThat(error("find_security_issues", main("limit", 0))).contains("limit");
  }

  @Test
  void everyToolCallIsAuditedWithTheTransportsCaller() throws Exception {
    long before = TrafficFixture.auditCallers(data()).size();
    ok("get_data_boundaries", args());
    ok("service_map", main());
    error("get_api_call", args("id", "not-an-id"));
    ok("find_security_issues", main("categories", List.of("missing_auth")));
    List<String> callers = TrafficFixture.auditCallers(data());
    assertThat(callers).hasSize((int) before + 4);
    assertThat(callers).containsOnly(expectedCaller());
  }

  @Test
  void comparisonToolsNameTheirBadArguments() {
    assertThat(error("compare_windows", args("b_from", "today"))).contains("a_from");
    assertThat(error("compare_windows", args("a_from", "yesterday", "b_from", "today", "metric", "speed")))
        .contains("metric");
    assertThat(error("compare_windows", args("a_from", "2026-11-24T15:00:00Z", "a_to", "2026-11-24T14:00:00Z",
        "b_from", "today"))).contains("a_to");
    assertThat(error("compare_windows", args("a_from", "yesterday", "b_from", "today", "group_by", "node")))
        .contains("group_by");
    assertThat(error("get_baseline", args("periods", 0))).contains("periods");
    assertThat(error("get_baseline", args("baseline", "median"))).contains("baseline");
  }

  @Test
  void comparisonOfWindowsWithoutAggregatesSaysSo() {
    Map<String, Object> content = ok("compare_windows", args("a_from", "yesterday", "b_from", "today"));
    assertThat(rows(content)).isEmpty();
    assertThat(content.get("summary")).asString().contains("no data");
  }

  @Test
  void pagingReturnsEveryMatchingCallOnceInTimeOrder() {
    List<String> expected = ids(FIXTURE.mainCalls);
    Map<String, Object> first = ok("list_api_calls", main("limit", 7));
    assertThat(rows(first)).hasSize(7);
    assertThat(first.get("truncated")).isEqualTo(true);
    assertThat(num(first.get("matched"))).isEqualTo(40);
    assertThat(pageThrough(main("limit", 7))).isEqualTo(expected);
    assertThat(pageThrough(main("limit", 1000))).isEqualTo(expected);
  }

  @Test
  void newestFirstPagesBackwards() {
    List<String> expected = new ArrayList<>(ids(FIXTURE.mainCalls));
    java.util.Collections.reverse(expected);
    assertThat(pageThrough(main("limit", 6, "order", "newest_first"))).isEqualTo(expected);
  }

  @Test
  void filtersSelectExactlyTheMatchingCalls() {
    assertFilter(main("service", "checkout", "status", "5xx"),
        c -> "checkout".equals(c.serverService()) && c.status() != null && c.status() >= 500);
    assertFilter(main("service", "10.0.1.5:8080"), c -> c.serverPort() == 8080);
    assertFilter(main("method", "post", "path", "/api/orders/"),
        c -> c.method().equals("POST") && c.path().startsWith("/api/orders/"));
    assertFilter(main("has_authorization", false), c -> !c.hasAuthorization());
    assertFilter(main("min_latency_us", 50_000, "max_latency_us", 80_000),
        c -> c.latencyUs() != null && c.latencyUs() >= 50_000 && c.latencyUs() <= 80_000);
    assertFilter(main("errors_only", true), Call::isError);
    assertFilter(main("status", 404), c -> Integer.valueOf(404).equals(c.status()));
    assertFilter(main("namespace", "web", "node", "node-b"), c -> "web".equals(c.clientNamespace()) && c.node().equals("node-b"));
    assertFilter(main("ip", "10.0.0.11", "port", 9090), c -> c.clientIp().equals("10.0.0.11") && c.serverPort() == 9090);
    assertFilter(args("from", "2026-11-24T15:00:00Z", "to", "2026-11-24T15:30:00Z"),
        c -> !c.requestTs().isBefore(java.time.Instant.parse("2026-11-24T15:00:00Z"))
            && c.requestTs().isBefore(java.time.Instant.parse("2026-11-24T15:30:00Z")));
    // a date is the whole day; it includes the trace calls at 16:30
    assertThat(rows(ok("list_api_calls", args("from", "2026-11-24", "limit", 1000)))).hasSize(45);
  }

  private void assertFilter(Map<String, Object> args, Predicate<Call> expected) {
    args.put("limit", 1000);
    List<String> want = ids(FIXTURE.mainCalls.stream().filter(expected).toList());
    assertThat(want).as("the fixture should exercise " + args).isNotEmpty();
    assertThat(rows(ok("list_api_calls", args))).extracting(r -> (String) r.get("id")).as(args.toString()).isEqualTo(want);
  }

  @Test
  void apiStatsMatchNearestRankOverTheRawCalls() {
    for (String groupBy : List.of("service", "endpoint", "client", "all")) {
      Function<Call, String> key = switch (groupBy) {
        case "service" -> Call::serviceKey;
        case "endpoint" -> c -> c.serviceKey() + " " + c.method() + " " + c.route();
        case "client" -> Call::clientKey;
        default -> c -> "all";
      };
      Map<String, List<Call>> groups = FIXTURE.mainCalls.stream().collect(Collectors.groupingBy(key));
      Map<String, Object> content = ok("get_api_stats", main("group_by", groupBy));
      assertThat(rows(content)).hasSize(groups.size());
      for (Map<String, Object> row : rows(content)) {
        List<Call> calls = groups.get((String) row.get("group"));
        assertThat(calls).as(groupBy + " " + row.get("group")).isNotNull();
        List<Long> latencies = calls.stream().map(Call::latencyUs).filter(java.util.Objects::nonNull).toList();
        long errors = calls.stream().filter(Call::isError).count();
        assertThat(num(row.get("requests"))).isEqualTo(calls.size());
        assertThat(num(row.get("errors"))).isEqualTo(errors);
        assertThat(((Number) row.get("error_rate")).doubleValue()).isCloseTo((double) errors / calls.size(), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(numOrNull(row.get("p50_us"))).isEqualTo(nearestRank(latencies, 50));
        assertThat(numOrNull(row.get("p90_us"))).isEqualTo(nearestRank(latencies, 90));
        assertThat(numOrNull(row.get("p99_us"))).isEqualTo(nearestRank(latencies, 99));
      }
    }
  }

  @Test
  void getApiCallReturnsHeadersBodiesAndItsFlow() {
    Call text = FIXTURE.mainCalls.get(2);
    @SuppressWarnings("unchecked")
    Map<String, Object> call = (Map<String, Object>) ok("get_api_call", args("id", text.id())).get("call");
    assertThat(call.get("id")).isEqualTo(text.id());
    assertThat(call.get("request_headers")).isEqualTo(new TreeMap<>(text.headers()));
    assertThat(call.get("request_body")).isEqualTo(Map.of(
        "bytes", text.requestBody().length, "encoding", "text", "text", "{\"order\":\"héllo\"}", "truncated", false));

    Call binary = FIXTURE.mainCalls.get(3);
    Map<String, Object> content = ok("get_api_call", args("id", binary.id()));
    @SuppressWarnings("unchecked")
    Map<String, Object> body = (Map<String, Object>) ((Map<String, Object>) content.get("call")).get("request_body");
    assertThat(body.get("encoding")).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode((String) body.get("base64"))).isEqualTo(binary.requestBody());
    @SuppressWarnings("unchecked")
    Map<String, Object> flow = (Map<String, Object>) content.get("flow");
    Flow expected = FIXTURE.flows.get(1);
    assertThat(flow.get("flow_id")).isEqualTo(expected.flowId());
    assertThat(num(flow.get("handshake_rtt_us"))).isEqualTo(expected.handshakeRttUs());

    assertThat(error("get_api_call", args("id", "not-an-id"))).contains("id").contains("not a call id");
    assertThat(error("get_api_call", args("id", "ffffffffffffffff:9"))).contains("id").contains("no API call");
  }

  @Test
  void l4FlowsGroupedCarryHandshakePercentiles() {
    Map<String, List<Flow>> groups = FIXTURE.flows.stream().collect(Collectors.groupingBy(Flow::serviceKey));
    Map<String, Object> content = ok("list_l4_flows", main("group_by", "service"));
    assertThat(rows(content)).hasSize(groups.size());
    for (Map<String, Object> row : rows(content)) {
      List<Flow> flows = groups.get((String) row.get("group"));
      List<Long> rtts = flows.stream().map(Flow::handshakeRttUs).filter(java.util.Objects::nonNull).toList();
      assertThat(num(row.get("flows"))).isEqualTo(flows.size());
      assertThat(num(row.get("bytes_c2s"))).isEqualTo(flows.stream().mapToLong(Flow::bytesC2s).sum());
      assertThat(num(row.get("resets"))).isEqualTo(flows.stream().filter(f -> f.closeReason().equals("rst")).count());
      assertThat(numOrNull(row.get("tcp_handshake_p50_us"))).isEqualTo(nearestRank(rtts, 50));
      assertThat(numOrNull(row.get("tcp_handshake_p90_us"))).isEqualTo(nearestRank(rtts, 90));
      assertThat(numOrNull(row.get("tcp_handshake_p99_us"))).isEqualTo(nearestRank(rtts, 99));
    }
    Map<String, Object> page = ok("list_l4_flows", main("limit", 5));
    assertThat(rows(page)).hasSize(5);
    assertThat(num(page.get("matched"))).isEqualTo(20);
    assertThat(rows(page).get(0).get("flow_id")).isEqualTo(FIXTURE.flows.get(0).flowId());
  }

  @Test
  void flowSummaryTotalsAndCrossNamespaceTraffic() {
    Map<String, Object> content = ok("get_l4_flow_summary", main());
    @SuppressWarnings("unchecked")
    Map<String, Object> totals = (Map<String, Object>) content.get("totals");
    assertThat(num(totals.get("flows"))).isEqualTo(20);
    assertThat(num(totals.get("bytes_s2c"))).isEqualTo(FIXTURE.flows.stream().mapToLong(Flow::bytesS2c).sum());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> cross = (List<Map<String, Object>>) content.get("cross_namespace");
    List<Flow> webToShop = FIXTURE.flows.stream().filter(f -> "web".equals(f.clientNamespace())).toList();
    assertThat(cross).hasSize(1);
    assertThat(cross.get(0)).containsEntry("from", "web").containsEntry("to", "shop");
    assertThat(num(cross.get(0).get("flows"))).isEqualTo(webToShop.size());
  }

  @Test
  void serviceMapHasOneEdgePerClientServerPairAndDependents() {
    Map<String, List<Call>> edges = FIXTURE.mainCalls.stream()
        .collect(Collectors.groupingBy(c -> c.clientKey() + " -> " + c.serviceKey()));
    Map<String, Object> content = ok("service_map", main("limit", 1000));
    assertThat(rows(content)).hasSize(edges.size());
    Map<String, Object> edge = rows(content).stream()
        .filter(r -> r.get("client").equals("frontend")).findFirst().orElseThrow();
    List<Call> calls = edges.get("frontend -> checkout");
    assertThat(num(edge.get("requests"))).isEqualTo(calls.size());
    assertThat(numOrNull(edge.get("p99_us"))).isEqualTo(nearestRank(calls.stream().map(Call::latencyUs).filter(java.util.Objects::nonNull).toList(), 99));
    Map<String, Object> dependents = ok("service_map", main("dependents_of", "10.0.1.5:8080"));
    assertThat(rows(dependents)).extracting(r -> r.get("client")).containsExactlyInAnyOrderElementsOf(
        FIXTURE.mainCalls.stream().filter(c -> c.serverPort() == 8080).map(Call::clientIp).distinct().toList());
  }

  @Test
  @SuppressWarnings("unchecked")
  void traceFollowsTraceHeadersThenTimeContainment() {
    Map<String, Object> content = ok("trace_request", args("id", "aaaabbbbccccdddd:1"));
    Map<String, Object> root = (Map<String, Object>) content.get("trace");
    List<Map<String, Object>> children = (List<Map<String, Object>>) root.get("children");
    assertThat(children).extracting(c -> c.get("id")).containsExactly("bbbbccccddddeeee:1");
    assertThat(children.get(0).get("matched_by")).isEqualTo("trace_header");
    List<Map<String, Object>> grandchildren = (List<Map<String, Object>>) children.get(0).get("children");
    assertThat(grandchildren).extracting(c -> c.get("id")).containsExactly("ccccddddeeeeffff:1");
    assertThat(grandchildren.get(0).get("matched_by")).isEqualTo("time_containment");
    assertThat(num(content.get("downstream_calls"))).isEqualTo(2);
    Map<String, Object> shallow = ok("trace_request", args("id", "aaaabbbbccccdddd:1", "depth", 1));
    assertThat(num(shallow.get("downstream_calls"))).isEqualTo(1);
  }

  @Test
  void dataBoundariesPerTableAndNode() {
    Map<String, Object> content = ok("get_data_boundaries", args());
    Map<String, Map<String, Object>> byKey = new HashMap<>();
    rows(content).forEach(r -> byKey.put(r.get("table") + "/" + r.get("node"), r));
    List<Call> nodeA = FIXTURE.allCalls().stream().filter(c -> c.node().equals("node-a")).toList();
    Map<String, Object> a = byKey.get("l7_transactions/node-a");
    assertThat(num(a.get("rows"))).isEqualTo(nodeA.size());
    assertThat(a.get("oldest")).isEqualTo(nodeA.stream().map(Call::requestTs).min(Comparator.naturalOrder()).orElseThrow().toString());
    assertThat(a.get("newest")).isEqualTo(nodeA.stream().map(Call::requestTs).max(Comparator.naturalOrder()).orElseThrow().toString());
    assertThat(byKey).containsKeys("l7_transactions/node-b", "l4_flows/node-a", "l4_flows/node-b");
  }

  @Test
  void badArgumentsAreToolErrorsNamingTheArgument() {
    assertThat(error("get_api_stats", main("group_by", "color"))).contains("group_by").contains("service, endpoint");
    assertThat(error("list_api_calls", args("from", "2026-11-24T15:00:00Z", "to", "2026-11-24T14:00:00Z"))).contains("to").contains("inverted");
    assertThat(error("list_api_calls", args("from", "next tuesday"))).contains("from").contains("ISO-8601");
    assertThat(error("list_api_calls", main("limit", "ten"))).contains("limit").contains("integer");
    assertThat(error("list_api_calls", main("limit", 5000))).contains("limit").contains("1000");
    assertThat(error("list_api_calls", main("cursor", "bogus!"))).contains("cursor");
    assertThat(error("list_api_calls", main("servce", "checkout"))).contains("servce").contains("unknown argument");
    assertThat(error("list_api_calls", main("status", "teapot"))).contains("status");
    assertThat(error("list_api_calls", main("tz", "Mars/Olympus"))).contains("tz");
    assertThat(error("list_l4_flows", main("group_by", "color"))).contains("group_by");
    assertThat(error("trace_request", args("id", "x"))).contains("id");
    // and the server keeps serving
    assertThat(rows(ok("list_api_calls", main("limit", 3)))).hasSize(3);
  }

  @Test
  void relativeWindowsUseTheServersClock() {
    // the clock says 2026-11-25T00:00Z: "yesterday" is the fixture's day, "last 1h" is empty
    assertThat(num(ok("list_api_calls", args("from", "yesterday")).get("matched"))).isEqualTo(45);
    assertThat(num(ok("list_api_calls", args("from", "last 1h")).get("matched"))).isZero();
    assertThat(num(ok("list_api_calls", args("from", "now-10h", "to", "now-8h")).get("matched"))).isEqualTo(
        FIXTURE.allCalls().stream().filter(c -> !c.requestTs().isBefore(java.time.Instant.parse("2026-11-24T14:00:00Z"))
            && c.requestTs().isBefore(java.time.Instant.parse("2026-11-24T16:00:00Z"))).count());
  }

  @Test
  @SuppressWarnings("unchecked")
  void snapshotsAndEvidenceExportsThroughTheTools() throws Exception {
    String name = "contract-" + System.nanoTime();
    Map<String, Object> created = ok("create_snapshot", args("name", name, "retention", "30d"));
    List<Map<String, Object>> tagged = (List<Map<String, Object>>) ((Map<String, Object>) created.get("snapshot")).get("tables");
    assertThat(tagged).extracting(t -> t.get("table")).contains("net.l7_transactions", "net.l4_flows");
    assertThat(rows(ok("list_snapshots", args()))).extracting(r -> r.get("name")).contains(name);
    assertThat(error("create_snapshot", args("name", name))).contains("name").contains("already exists");
    assertThat(error("create_snapshot", args("name", name + "-x", "retention", "forever"))).contains("retention");

    long checkout = FIXTURE.mainCalls.stream().filter(c -> "checkout".equals(c.serverService())).count();
    Map<String, Object> export = ok("export_evidence", main("service", "checkout", "snapshot", name, "out", name + "-a"));
    Map<String, Object> manifest = (Map<String, Object>) export.get("manifest");
    assertThat(num(((Map<String, Object>) manifest.get("counts")).get("calls"))).isEqualTo(checkout);
    assertThat(manifest.get("snapshot")).isEqualTo(name);
    java.nio.file.Path dir = java.nio.file.Path.of((String) export.get("path"));
    assertThat(java.nio.file.Files.readAllLines(dir.resolve("calls.jsonl"))).hasSize((int) checkout);
    assertThat(io.wirelake.lakehouse.evidence.EvidenceVerifier.verify(dir)).isEmpty();

    List<String> two = List.of(FIXTURE.mainCalls.get(0).id(), FIXTURE.mainCalls.get(5).id());
    Map<String, Object> byIds = ok("export_evidence", main("call_ids", two, "out", name + "-b"));
    assertThat(num(((Map<String, Object>) ((Map<String, Object>) byIds.get("manifest")).get("counts")).get("calls"))).isEqualTo(2);

    assertThat(error("export_evidence", main("out", "../escape"))).contains("out");
    assertThat(error("export_evidence", main())).contains("out");
    assertThat(error("export_evidence", main("out", name + "-c", "snapshot", "no-such-snapshot"))).contains("snapshot");
    assertThat(error("export_evidence", main("out", name + "-d", "call_ids", 5))).contains("call_ids");
    assertThat(error("export_evidence", main("out", name + "-a"))).contains("out").contains("not empty");
  }

  @Test
  void promptsNameTheToolsToCall() {
    assertThat(client().listPrompts().prompts()).extracting(McpSchema.Prompt::name)
        .containsExactlyInAnyOrder("analyze_traffic", "latency_analysis", "compare_traffic", "find_errors");
    McpSchema.GetPromptResult prompt = client().getPrompt(
        new McpSchema.GetPromptRequest("find_errors", Map.of("service", "checkout", "from", "now-1h")));
    String text = ((McpSchema.TextContent) prompt.messages().get(0).content()).text();
    assertThat(text).contains("list_api_calls").contains("errors_only=true").contains("service=checkout").contains("from=now-1h");
  }

  // ---- Kubernetes context: list_ips, list_workloads, and the workload filters and groupings of the other tools

  static final String REUSED = TrafficFixture.REUSED_IP;

  @Test
  @SuppressWarnings("unchecked")
  void listIpsSaysWhoHeldAnAddressBeforeAndAfterItChangedHands() {
    Map<String, Object> before = ok("list_ips", args("ip", REUSED, "at", "2026-11-24T14:00:00Z"));
    Map<String, Object> was = (Map<String, Object>) before.get("resolution");
    assertThat(was).containsEntry("namespace", "shop").containsEntry("pod", "payments-7d9f-abcde")
        .containsEntry("workload", "payments").containsEntry("node", "node-a").containsEntry("external", false);
    assertThat(rows(before)).singleElement().satisfies(r -> assertThat(r)
        .containsEntry("kind", "pod").containsEntry("name", "payments-7d9f-abcde")
        .containsEntry("workload_kind", "Deployment").containsEntry("since", "2026-11-24T13:00:00Z"));
    assertThat(before.get("summary")).asString().contains("payments-7d9f-abcde").contains("payments")
        .contains("since 2026-11-24T13:00:00Z");

    Map<String, Object> after = ok("list_ips", args("ip", REUSED, "at", "2026-11-24T14:45:00Z"));
    assertThat((Map<String, Object>) after.get("resolution")).containsEntry("namespace", "batch")
        .containsEntry("pod", "report-0").containsEntry("workload", "report").containsEntry("node", "node-b");

    Map<String, Object> between = ok("list_ips", args("ip", REUSED, "at", "2026-11-24T14:35:00Z"));
    assertThat((Map<String, Object>) between.get("resolution")).containsEntry("external", false)
        .doesNotContainEntry("pod", "report-0");
    assertThat(rows(between)).isEmpty();
    assertThat(between.get("summary")).asString().contains("inside the cluster");

    // over the day: both holders, each with its span
    Map<String, Object> day = ok("list_ips", args("ip", REUSED, "from", "2026-11-24"));
    assertThat(rows(day)).extracting(r -> r.get("name") + " " + r.get("since") + " " + r.get("until"))
        .containsExactly("payments-7d9f-abcde 2026-11-24T13:00:00Z 2026-11-24T14:30:00Z",
            "report-0 2026-11-24T14:40:00Z null");
  }

  @Test
  void listIpsListsTheAddressesAWorkloadPodOrServiceHeld() {
    assertThat(rows(ok("list_ips", main("workload", "frontend"))))
        .extracting(r -> r.get("ip") + " " + r.get("name") + " " + r.get("since"))
        .containsExactly("10.0.0.11 frontend-5c4d-11 2026-11-24T13:00:00Z", "10.0.0.13 frontend-5c4d-13 2026-11-24T13:00:00Z");
    assertThat(rows(ok("list_ips", main("service", "checkout"))))
        .extracting(r -> r.get("ip") + " " + r.get("kind") + " " + r.get("services"))
        .containsExactly("10.0.2.7 pod [checkout]", "10.96.0.20 service null");
    assertThat(rows(ok("list_ips", main("namespace", "batch")))).extracting(r -> r.get("name")).containsExactly("report-0");
    Map<String, Object> page = ok("list_ips", main("limit", 2));
    assertThat(page.get("truncated")).isEqualTo(true);
    assertThat(rows(ok("list_ips", main("limit", 2, "cursor", page.get("next_cursor"))))).hasSize(2);
  }

  @Test
  void listIpsNamesItsBadArguments() {
    assertThat(error("list_ips", args("ip", "10.0.3", "at", "2026-11-24T14:00:00Z"))).contains("ip").contains("not an IP address");
    assertThat(error("list_ips", args("ip", "checkout.shop"))).contains("ip");
    assertThat(error("list_ips", args("ip", REUSED, "at", "next tuesday"))).contains("at");
    assertThat(error("list_ips", args("ip", REUSED, "at", "2026-11-24T14:00:00Z", "from", "today"))).contains("at").contains("not both");
    assertThat(error("list_ips", args("kind", "deployment"))).contains("kind");
    assertThat(error("list_ips", args("cursor", "bogus!"))).contains("cursor");
  }

  @Test
  @SuppressWarnings("unchecked")
  void listWorkloadsShowsPodsWithTheirAddressesAndServicesWithTheirBackingPods() {
    Map<String, Object> all = ok("list_workloads", main());
    assertThat(rows(all)).extracting(r -> r.get("namespace") + "/" + r.get("type") + "/"
            + (r.get("type").equals("workload") ? r.get("workload") : r.get("service")))
        .containsExactly("batch/workload/report", "shop/workload/checkout", "shop/workload/payments",
            "shop/service/checkout", "web/workload/frontend");
    Map<String, Object> frontend = rows(all).get(4);
    assertThat(frontend).containsEntry("kind", "Deployment").containsEntry("ips", List.of("10.0.0.11", "10.0.0.13"))
        .containsEntry("nodes", List.of("node-a"));
    Map<String, Object> payments = rows(all).get(2);
    List<Map<String, Object>> pods = (List<Map<String, Object>>) payments.get("pods");
    assertThat(pods).singleElement().satisfies(p -> assertThat(p).containsEntry("pod", "payments-7d9f-abcde")
        .containsEntry("ips", List.of(REUSED)).containsEntry("until", "2026-11-24T14:30:00Z"));
    Map<String, Object> checkout = rows(all).get(3);
    assertThat(checkout).containsEntry("cluster_ips", List.of("10.96.0.20"));
    assertThat((List<Map<String, Object>>) checkout.get("backing")).singleElement().satisfies(b -> assertThat(b)
        .containsEntry("ip", "10.0.2.7").containsEntry("pod", TrafficFixture.CHECKOUT_POD).containsEntry("workload", "checkout"));
    assertThat(all.get("summary")).asString().contains("4 workloads").contains("1 services");

    // at 14:45 payments' pod is gone and report-0 runs
    Map<String, Object> at = ok("list_workloads", args("at", "2026-11-24T14:45:00Z", "namespace", "shop"));
    assertThat(rows(at)).extracting(r -> r.get("type") + "/" + r.get("workload") + "/" + r.get("service"))
        .containsExactly("workload/checkout/null", "service/null/checkout");
    assertThat(rows(ok("list_workloads", main("kind", "statefulset")))).extracting(r -> r.get("workload")).containsExactly("report");
    assertThat(rows(ok("list_workloads", main("service", "checkout")))).hasSize(2);
    assertThat(rows(ok("list_workloads", main("pod", "frontend-5c4d-13")))).singleElement()
        .satisfies(r -> assertThat(r).containsEntry("ips", List.of("10.0.0.13")));
    assertThat(error("list_workloads", args("at", "2026-11-24T14:45:00Z", "to", "today"))).contains("at");
    Map<String, Object> first = ok("list_workloads", main("limit", 3));
    assertThat(first.get("truncated")).isEqualTo(true);
    assertThat(rows(ok("list_workloads", main("limit", 3, "cursor", first.get("next_cursor"))))).hasSize(2);
  }

  @Test
  void callsAndFlowsFilterByWorkloadPodAndNamespace() {
    assertFilter(main("workload", "checkout"), c -> "checkout".equals(c.serverWorkload()));
    assertFilter(main("workload", "frontend", "status", "2xx"),
        c -> "frontend".equals(c.clientWorkload()) && c.status() != null && c.status() < 300);
    assertFilter(main("pod", "frontend-5c4d-11"), c -> "frontend-5c4d-11".equals(c.clientPod()));
    assertFilter(main("pod", TrafficFixture.CHECKOUT_POD), c -> TrafficFixture.CHECKOUT_POD.equals(c.serverPod()));
    assertFilter(main("namespace", "shop"), c -> "shop".equals(c.serverNamespace()));
    assertThat(rows(ok("list_api_calls", main("workload", "report")))).isEmpty();
    assertThat(num(ok("list_l4_flows", main("workload", "checkout")).get("matched")))
        .isEqualTo(FIXTURE.flows.stream().filter(f -> "checkout".equals(f.serverWorkload())).count());
  }

  @Test
  void rawCallsAndFlowsGroupByWorkloadAndPod() {
    for (String groupBy : List.of("workload", "pod")) {
      Function<Call, String> key = groupBy.equals("workload")
          ? c -> c.serverWorkload() != null ? c.serverWorkload() : c.serviceKey()
          : c -> c.serverPod() != null ? c.serverPod() : c.serverIp();
      Map<String, List<Call>> groups = FIXTURE.mainCalls.stream().collect(Collectors.groupingBy(key));
      Map<String, Object> content = ok("get_api_stats", main("group_by", groupBy));
      assertThat(content.get("source")).asString().startsWith("raw");
      assertThat(rows(content)).extracting(r -> r.get("group") + "=" + num(r.get("requests")))
          .containsExactlyInAnyOrderElementsOf(groups.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).toList());
    }
    assertThat(rows(ok("list_l4_flows", main("group_by", "workload")))).extracting(r -> r.get("group") + "=" + num(r.get("flows")))
        .containsExactlyInAnyOrderElementsOf(FIXTURE.flows.stream()
            .collect(Collectors.groupingBy(f -> f.serverWorkload() != null ? f.serverWorkload() : f.serviceKey(), Collectors.counting()))
            .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }


  @Test
  void apiStatsFromAggregatesGroupByServiceClientAndAllAndFilterByNamespace() {
    Map<String, Object> byService = ok("get_api_stats", args("from", "2026-11-20", "to", "2026-11-21", "group_by", "service"));
    assertThat(byService.get("source")).asString().startsWith("aggregates");
    assertAggregateRows(byService, TrafficFixture.Aggregate::serviceKey, a -> true);
    assertAggregateRows(ok("get_api_stats", args("from", "2026-11-20", "to", "2026-11-21", "group_by", "client")),
        TrafficFixture.Aggregate::clientKey, a -> true);
    // namespace matches either side, as on raw calls: web is the callers' namespace
    assertAggregateRows(ok("get_api_stats", args("from", "2026-11-20", "to", "2026-11-21", "group_by", "service", "namespace", "web")),
        TrafficFixture.Aggregate::serviceKey, a -> "web".equals(a.clientNamespace()));
    Map<String, Object> all = ok("get_api_stats", args("from", "2026-11-20", "to", "2026-11-21", "group_by", "all"));
    assertAggregateRows(all, a -> "all", a -> true);
  }

  private void assertAggregateRows(Map<String, Object> content, Function<TrafficFixture.Aggregate, String> key,
      Predicate<TrafficFixture.Aggregate> selected) {
    Map<String, List<TrafficFixture.Aggregate>> groups = TrafficFixture.aggregates.stream().filter(selected)
        .collect(Collectors.groupingBy(key));
    assertThat(rows(content)).extracting(r -> (String) r.get("group")).containsExactlyInAnyOrderElementsOf(groups.keySet());
    for (Map<String, Object> row : rows(content)) {
      List<TrafficFixture.Aggregate> parts = groups.get((String) row.get("group"));
      List<Long> latencies = parts.stream().flatMap(a -> a.latencies().stream()).toList();
      assertThat(num(row.get("requests"))).isEqualTo(parts.stream().mapToLong(TrafficFixture.Aggregate::requests).sum());
      assertThat(num(row.get("errors"))).isEqualTo(parts.stream().mapToLong(TrafficFixture.Aggregate::errors).sum());
      assertThat((double) num(row.get("p50_us"))).isCloseTo(nearestRank(latencies, 50), org.assertj.core.data.Percentage.withPercentage(1));
      assertThat((double) num(row.get("p99_us"))).isCloseTo(nearestRank(latencies, 99), org.assertj.core.data.Percentage.withPercentage(1));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void compareWindowsFiltersByNamespaceAndClientAndGroupsByEndpoint() {
    Map<String, Object> content = ok("compare_windows", args("a_from", "2026-11-20", "b_from", "2026-11-21",
        "group_by", "service", "namespace", "shop"));
    assertThat(rows(content)).extracting(r -> r.get("group")).containsExactly("checkout", "payments");
    Map<String, Object> checkout = rows(content).get(0);
    assertThat(num(((Map<String, Object>) checkout.get("before")).get("count"))).isEqualTo(100);
    assertThat((double) num(((Map<String, Object>) checkout.get("after")).get("p99_us")))
        .isCloseTo(nearestRank(TrafficFixture.aggregates.get(1).latencies(), 99), org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(content.get("summary")).asString().startsWith("most significant change of 2 service groups: checkout");

    Map<String, Object> endpoints = ok("compare_windows", args("a_from", "2026-11-20", "b_from", "2026-11-21",
        "group_by", "endpoint", "client", "frontend", "metric", "errors"));
    assertThat(rows(endpoints)).extracting(r -> r.get("group"))
        .containsExactly("payments POST /pay", "checkout GET /cart/{id}");
    Map<String, Object> unknown = ok("compare_windows", args("a_from", "2026-11-20", "b_from", "2026-11-21",
        "client", "10.0.9.9"));
    assertThat(rows(unknown)).extracting(r -> r.get("group")).containsExactly("10.0.9.1:8080");
  }

  @Test
  void aggregateToolsRefuseGroupingsAndFiltersTheAggregatesCannotAnswer() {
    assertThat(error("compare_windows", args("a_from", "2026-11-20", "b_from", "2026-11-21", "group_by", "pod")))
        .contains("group_by").contains("no pod column");
    assertThat(error("get_baseline", args("from", "2026-11-21", "group_by", "workload"))).contains("group_by").contains("workload");
    assertThat(error("compare_windows", args("a_from", "2026-11-20", "b_from", "2026-11-21", "workload", "checkout")))
        .contains("workload").contains("client=checkout");
    assertThat(error("get_baseline", args("from", "2026-11-21", "pod", TrafficFixture.CHECKOUT_POD))).contains("pod");
    // get_api_stats reads the raw calls for them instead
    assertThat(ok("get_api_stats", args("from", "2026-11-20", "to", "2026-11-21", "group_by", "pod")).get("source"))
        .asString().startsWith("raw");
  }
}
