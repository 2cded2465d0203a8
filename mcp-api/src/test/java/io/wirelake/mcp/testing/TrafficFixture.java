package io.wirelake.mcp.testing;

import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.lakehouse.testing.IcebergRows;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Deterministic rows written into a temporary embedded catalog, and the same rows as plain Java
 * objects so tests can compute expected answers independently of the code under test.
 *
 * <p>40 "main" calls, 3 minutes apart from 2026-11-24T14:00Z (two hour partitions, nodes node-a
 * and node-b), in 20 flows of two calls each: even flows go to 10.0.1.5:8080 (no Kubernetes
 * context), odd flows to service checkout (10.0.2.7:9090, namespace shop, called by workload
 * frontend in namespace web). Call 13 has no response. Plus 5 "trace" calls at 16:30 for
 * trace_request.
 *
 * <p>Workload context: the checkout calls and flows name their server pod ({@link #CHECKOUT_POD}, workload
 * checkout) and client pod ({@code frontend-5c4d-<last octet>}); {@code net.workloads} holds those pods, service
 * checkout, and a hand-over: pod payments-7d9f-abcde (shop) holds {@link #REUSED_IP} from 13:00 until it is
 * deleted at 14:30, and pod report-0 (StatefulSet report, namespace batch) takes it at 14:40. The aggregate
 * tables hold {@link #aggregates} on 2026-11-20 and 2026-11-21 (away from the raw calls' day).
 */
public final class TrafficFixture {

  public static final Instant BASE = Instant.parse("2026-11-24T14:00:00Z");
  public static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
  public static final String MAIN_FROM = "2026-11-24T14:00:00Z";
  public static final String MAIN_TO = "2026-11-24T16:00:00Z";
  public static final String TRACE_ID = "aaaabbbbccccddddeeeeffff00001111";
  public static final String CHECKOUT_POD = "checkout-6f7d-abcde";
  public static final String REUSED_IP = "10.0.3.9";
  public static final Instant AGG_DAY1 = Instant.parse("2026-11-20T00:00:00Z");
  public static final Instant AGG_DAY2 = Instant.parse("2026-11-21T00:00:00Z");

  /**
   * One group of one day in the latency aggregates; its latencies are {@code base * (100 + i) / 100} for i in
   * [0, requests). Client and server workload columns are null for the group named by addresses.
   */
  public record Aggregate(Instant day, String clientWorkload, String clientNamespace, String clientIp,
      String serverService, String serverNamespace, String serverIp, Integer serverPort, String method,
      String route, int requests, int errors, long base) {

    public List<Long> latencies() {
      List<Long> values = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        values.add(base * (100 + i) / 100);
      }
      return values;
    }

    /** The service group name, as the aggregate readers name it. */
    public String serviceKey() {
      return serverService != null ? serverService : serverIp + ":" + serverPort;
    }

    public String clientKey() {
      return clientWorkload != null ? clientWorkload : clientIp;
    }
  }

  public static final List<Aggregate> aggregates = List.of(
      new Aggregate(AGG_DAY1, "frontend", "web", null, "checkout", "shop", null, null, "GET", "/cart/{id}", 100, 1, 1000),
      new Aggregate(AGG_DAY2, "frontend", "web", null, "checkout", "shop", null, null, "GET", "/cart/{id}", 100, 1, 5000),
      new Aggregate(AGG_DAY1, "frontend", "web", null, "payments", "shop", null, null, "POST", "/pay", 40, 0, 2000),
      new Aggregate(AGG_DAY2, "frontend", "web", null, "payments", "shop", null, null, "POST", "/pay", 40, 4, 2000),
      new Aggregate(AGG_DAY1, null, null, "10.0.9.9", null, null, "10.0.9.1", 8080, "GET", "/x", 50, 0, 300),
      new Aggregate(AGG_DAY2, null, null, "10.0.9.9", null, null, "10.0.9.1", 8080, "GET", "/x", 50, 0, 300));

  /** One call as written. */
  public record Call(
      String id, String flowId, String node, String clientIp, String serverIp, int serverPort,
      String serverService, String serverNamespace, String clientNamespace, String clientWorkload,
      Instant requestTs, Instant responseTs, Long latencyUs, String method, String path, String route,
      Integer status, boolean hasAuthorization, String error, Map<String, String> headers, byte[] requestBody) {

    public boolean isError() {
      return (status != null && status >= 500) || error != null;
    }

    /** The service name the server is grouped under. */
    public String serviceKey() {
      return serverService != null ? serverService : serverIp + ":" + serverPort;
    }

    public String clientKey() {
      return clientWorkload != null ? clientWorkload : clientIp;
    }

    /** The server's workload: checkout for the checkout calls, else unknown. */
    public String serverWorkload() {
      return serverService != null ? "checkout" : null;
    }

    public String serverPod() {
      return serverService != null ? CHECKOUT_POD : null;
    }

    /** The client's pod where its workload is known: frontend-5c4d-11 for 10.0.0.11. */
    public String clientPod() {
      return clientWorkload != null ? "frontend-5c4d-" + clientIp.substring(clientIp.lastIndexOf('.') + 1) : null;
    }
  }

  /** One flow as written. */
  public record Flow(
      String flowId, String node, String clientIp, String serverIp, int serverPort, String serverService,
      String clientNamespace, String serverNamespace, Instant startTs, Long handshakeRttUs,
      long bytesC2s, long bytesS2c, long packetsC2s, long packetsS2c, int retransmissions, String closeReason) {

    public String serviceKey() {
      return serverService != null ? serverService : serverIp + ":" + serverPort;
    }

    public String serverWorkload() {
      return serverService != null ? "checkout" : null;
    }
  }

  public final List<Call> mainCalls = new ArrayList<>();
  public final List<Call> traceCalls = new ArrayList<>();
  public final List<Flow> flows = new ArrayList<>();

  public TrafficFixture() {
    for (int i = 0; i < 40; i++) {
      mainCalls.add(mainCall(i));
    }
    for (int f = 0; f < 20; f++) {
      flows.add(flow(f));
    }
    String root = "aaaabbbbccccdddd";
    Instant t = Instant.parse("2026-11-24T16:30:00Z");
    traceCalls.add(traceCall(root + ":1", "10.0.0.99", "10.0.5.5", 8080, t, 0, 1_000, "00-" + TRACE_ID + "-0000000000000001-01"));
    traceCalls.add(traceCall("bbbbccccddddeeee:1", "10.0.5.5", "10.0.6.6", 9000, t, 100, 300, "00-" + TRACE_ID + "-0000000000000002-01"));
    traceCalls.add(traceCall("bbbbccccddddeeee:2", "10.0.5.5", "10.0.6.6", 9000, t, 400, 500, "00-99990000999900009999000099990000-0000000000000003-01"));
    traceCalls.add(traceCall("ccccddddeeeeffff:1", "10.0.6.6", "10.0.7.7", 5432, t, 150, 250, null));
    traceCalls.add(traceCall("ddddeeeeffff0000:1", "10.0.5.5", "10.0.6.6", 9000, t, 900, 1_100, null));
  }

  private static Call mainCall(int i) {
    int f = i / 2;
    boolean checkout = f % 2 == 1;
    String flowId = String.format("%016x", 0x1000 + f);
    Instant request = BASE.plusSeconds(180L * i);
    boolean noResponse = i == 13;
    Long latency = noResponse ? null : ((i * 7919L) % 1000 + 1) * 100;
    Integer status = noResponse ? null : i % 10 == 9 ? 503 : i % 10 == 4 ? 404 : 200;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", checkout ? "checkout" : "10.0.1.5:8080");
    headers.put("x-request-id", "req-" + i);
    byte[] body = i == 2 ? "{\"order\":\"héllo\"}".getBytes(StandardCharsets.UTF_8)
        : i == 3 ? new byte[] {0, 1, 2, (byte) 0xff} : null;
    return new Call(
        flowId + ":" + (i % 2 + 1), flowId, i < 30 ? "node-a" : "node-b", "10.0.0." + (10 + f % 4),
        checkout ? "10.0.2.7" : "10.0.1.5", checkout ? 9090 : 8080,
        checkout ? "checkout" : null, checkout ? "shop" : null, checkout ? "web" : null, checkout ? "frontend" : null,
        request, noResponse ? null : request.plusNanos(latency * 1000), latency,
        i % 3 == 0 ? "POST" : "GET", checkout ? "/cart/" + i : "/api/orders/" + i, checkout ? "/cart/{id}" : "/api/orders/{id}",
        status, i % 5 != 0, noResponse ? "no response" : null, headers, body);
  }

  private static Flow flow(int f) {
    boolean checkout = f % 2 == 1;
    return new Flow(
        String.format("%016x", 0x1000 + f), 2 * f < 30 ? "node-a" : "node-b", "10.0.0." + (10 + f % 4),
        checkout ? "10.0.2.7" : "10.0.1.5", checkout ? 9090 : 8080, checkout ? "checkout" : null,
        checkout ? "web" : null, checkout ? "shop" : null,
        BASE.plusSeconds(360L * f), f == 5 ? null : 100 + (f * 37L) % 500,
        1000 + f, 5000 + 10L * f, 10, 12, f % 4 == 0 ? 1 : 0, f % 7 == 3 ? "rst" : "fin");
  }

  private static Call traceCall(String id, String client, String server, int port, Instant base, long startMs, long endMs, String traceparent) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (traceparent != null) {
      headers.put("traceparent", traceparent);
    }
    Instant request = base.plusMillis(startMs);
    long latency = (endMs - startMs) * 1000;
    return new Call(id, id.substring(0, 16), "node-a", client, server, port, null, null, null, null,
        request, base.plusMillis(endMs), latency, "GET", "/t/" + id.substring(0, 4), "/t/{id}", 200, true, null, headers, null);
  }

  public List<Call> allCalls() {
    List<Call> all = new ArrayList<>(mainCalls);
    all.addAll(traceCalls);
    return all;
  }

  /** Creates the tables under {@code data} and writes every row. */
  public void write(Path data) throws Exception {
    try (JdbcCatalog catalog = (JdbcCatalog) CatalogFactory.open(CatalogSettings.embedded(data))) {
      WirelakeTables.ensureTables(catalog);
      Table calls = catalog.loadTable(WirelakeTables.L7_TRANSACTIONS);
      List<Record> rows = new ArrayList<>();
      for (Call c : allCalls()) {
        Record r = GenericRecord.create(calls.schema());
        r.setField("id", c.id());
        r.setField("flow_id", c.flowId());
        r.setField("node", c.node());
        r.setField("protocol", "http/1.1");
        r.setField("client_ip", c.clientIp());
        r.setField("client_port", 40000);
        r.setField("server_ip", c.serverIp());
        r.setField("server_port", c.serverPort());
        r.setField("client_namespace", c.clientNamespace());
        r.setField("client_workload", c.clientWorkload());
        r.setField("server_namespace", c.serverNamespace());
        r.setField("server_service", c.serverService());
        r.setField("server_workload", c.serverWorkload());
        r.setField("server_pod", c.serverPod());
        r.setField("client_pod", c.clientPod());
        r.setField("request_ts", c.requestTs().atOffset(ZoneOffset.UTC));
        r.setField("response_ts", c.responseTs() == null ? null : c.responseTs().atOffset(ZoneOffset.UTC));
        r.setField("latency_us", c.latencyUs());
        r.setField("method", c.method());
        r.setField("path", c.path());
        r.setField("route", c.route());
        r.setField("status", c.status());
        r.setField("request_headers", c.headers());
        r.setField("request_body", c.requestBody() == null ? null : ByteBuffer.wrap(c.requestBody()));
        r.setField("has_authorization", c.hasAuthorization());
        r.setField("error", c.error());
        rows.add(r);
      }
      IcebergRows.append(calls, rows);
      Table flowTable = catalog.loadTable(WirelakeTables.L4_FLOWS);
      List<Record> flowRows = new ArrayList<>();
      for (Flow f : flows) {
        Record r = GenericRecord.create(flowTable.schema());
        r.setField("flow_id", f.flowId());
        r.setField("node", f.node());
        r.setField("client_ip", f.clientIp());
        r.setField("client_port", 40000);
        r.setField("server_ip", f.serverIp());
        r.setField("server_port", f.serverPort());
        r.setField("server_service", f.serverService());
        r.setField("server_workload", f.serverWorkload());
        r.setField("client_namespace", f.clientNamespace());
        r.setField("server_namespace", f.serverNamespace());
        r.setField("start_ts", f.startTs().atOffset(ZoneOffset.UTC));
        r.setField("end_ts", f.startTs().plusSeconds(600).atOffset(ZoneOffset.UTC));
        r.setField("handshake_rtt_us", f.handshakeRttUs());
        r.setField("bytes_c2s", f.bytesC2s());
        r.setField("bytes_s2c", f.bytesS2c());
        r.setField("packets_c2s", f.packetsC2s());
        r.setField("packets_s2c", f.packetsS2c());
        r.setField("retransmissions", f.retransmissions());
        r.setField("out_of_order", 0);
        r.setField("close_reason", f.closeReason());
        r.setField("l7_protocol", "http/1.1");
        flowRows.add(r);
      }
      IcebergRows.append(flowTable, flowRows);
      writeWorkloads(catalog.loadTable(WirelakeTables.WORKLOADS));
      for (org.apache.iceberg.catalog.TableIdentifier id : List.of(WirelakeTables.L7_LATENCY_1M,
          WirelakeTables.L7_LATENCY_1H, WirelakeTables.L7_LATENCY_1D)) {
        writeAggregates(catalog.loadTable(id), id.equals(WirelakeTables.L7_LATENCY_1D));
      }
    }
  }

  private static void writeWorkloads(Table table) {
    List<Record> rows = new ArrayList<>();
    rows.add(workload(table, "13:00", "pod", "added", "web", "frontend-5c4d-11", "10.0.0.11", "node-a", "Deployment/frontend"));
    rows.add(workload(table, "13:00", "pod", "added", "web", "frontend-5c4d-13", "10.0.0.13", "node-a", "Deployment/frontend"));
    rows.add(workload(table, "13:00", "pod", "added", "shop", CHECKOUT_POD, "10.0.2.7", "node-b", "Deployment/checkout"));
    rows.add(workload(table, "13:00", "service", "added", "shop", "checkout", "10.96.0.20", null, null));
    rows.add(workload(table, "13:00", "endpoints", "added", "shop", "checkout-x1", "10.0.2.7", null, "Service/checkout"));
    rows.add(workload(table, "13:00", "pod", "added", "shop", "payments-7d9f-abcde", REUSED_IP, "node-a", "Deployment/payments"));
    rows.add(workload(table, "14:30", "pod", "deleted", "shop", "payments-7d9f-abcde", null, "node-a", "Deployment/payments"));
    rows.add(workload(table, "14:40", "pod", "added", "batch", "report-0", REUSED_IP, "node-b", "StatefulSet/report"));
    IcebergRows.append(table, rows);
  }

  private static Record workload(Table table, String hhmm, String kind, String action, String namespace,
      String name, String ip, String node, String owner) {
    Record r = GenericRecord.create(table.schema());
    r.setField("ts", IcebergRows.ts("2026-11-24T" + hhmm + ":00Z"));
    r.setField("kind", kind);
    r.setField("action", action);
    r.setField("namespace", namespace);
    r.setField("name", name);
    r.setField("ips", ip == null ? List.of() : List.of(ip));
    r.setField("node", node);
    r.setField("labels", Map.of());
    r.setField("owner", owner);
    return r;
  }

  /** Each aggregate group as one row at 10:00 of its day (minute and hour tables) or at the day's start. */
  private static void writeAggregates(Table table, boolean daily) {
    List<Record> rows = new ArrayList<>();
    for (Aggregate a : aggregates) {
      io.wirelake.lakehouse.sketch.LatencySketch sketch = io.wirelake.lakehouse.sketch.LatencySketch.empty();
      a.latencies().forEach(sketch::add);
      Record r = GenericRecord.create(table.schema());
      r.setField("window_start", (daily ? a.day() : a.day().plusSeconds(10 * 3600)).atOffset(ZoneOffset.UTC));
      r.setField("protocol", "http/1.1");
      r.setField("client_workload", a.clientWorkload());
      r.setField("client_namespace", a.clientNamespace());
      r.setField("client_ip", a.clientIp());
      r.setField("server_service", a.serverService());
      r.setField("server_namespace", a.serverNamespace());
      r.setField("server_ip", a.serverIp());
      r.setField("server_port", a.serverPort());
      r.setField("method", a.method());
      r.setField("route", a.route());
      r.setField("status_class", "2xx");
      r.setField("requests", (long) a.requests());
      r.setField("errors", (long) a.errors());
      r.setField("max_us", a.latencies().stream().mapToLong(Long::longValue).max().orElseThrow());
      r.setField("latency_sum_us", a.latencies().stream().mapToLong(Long::longValue).sum());
      r.setField("latency_sketch", ByteBuffer.wrap(sketch.toBytes()));
      rows.add(r);
    }
    IcebergRows.append(table, rows);
  }

  /** The callers of every row of {@code net.audit_log} under {@code data}, read with a fresh catalog. */
  public static List<String> auditCallers(Path data) throws Exception {
    try (JdbcCatalog catalog = (JdbcCatalog) CatalogFactory.open(CatalogSettings.embedded(data))) {
      List<String> callers = new ArrayList<>();
      try (org.apache.iceberg.io.CloseableIterable<Record> rows =
          org.apache.iceberg.data.IcebergGenerics.read(catalog.loadTable(WirelakeTables.AUDIT_LOG)).build()) {
        rows.forEach(r -> callers.add((String) r.getField("caller")));
      }
      return callers;
    }
  }

  /** Nearest rank, written out independently of the code under test. */
  public static Long nearestRank(List<Long> values, int p) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int rank = (p * sorted.size() + 99) / 100; // ceil(p/100*n) in integers
    return sorted.get(Math.max(rank, 1) - 1);
  }
}
