package io.wirelake.flink.job;

import io.wirelake.flink.aggregate.HandshakeAggregate;
import io.wirelake.flink.aggregate.LatencyAggregate;
import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.enrich.WorkloadChange;
import io.wirelake.lakehouse.workload.WorkloadRef;
import io.wirelake.schemas.WorkloadEvent;
import java.util.HashMap;
import java.util.Map;

/** Column values of the job's outputs, by the column names of SPEC section 3. */
final class TableRows {
  private TableRows() {}

  static Map<String, Object> of(L4Flow f) {
    Map<String, Object> m = new HashMap<>(32);
    m.put("flow_id", f.flowId());
    m.put("node", f.node());
    m.put("client_ip", f.clientIp());
    m.put("client_port", f.clientPort());
    m.put("server_ip", f.serverIp());
    m.put("server_port", f.serverPort());
    m.put("start_ts", f.startTs());
    m.put("end_ts", f.endTs());
    m.put("syn_to_synack_us", f.synToSynackUs());
    m.put("handshake_rtt_us", f.handshakeRttUs());
    m.put("bytes_c2s", f.bytesC2s());
    m.put("bytes_s2c", f.bytesS2c());
    m.put("packets_c2s", f.packetsC2s());
    m.put("packets_s2c", f.packetsS2c());
    m.put("retransmissions", f.retransmissions());
    m.put("out_of_order", f.outOfOrder());
    m.put("close_reason", f.closeReason());
    m.put("l7_protocol", f.l7Protocol());
    workloadColumns(m, "client_", f.client());
    workloadColumns(m, "server_", f.server());
    return m;
  }

  static Map<String, Object> of(L7Transaction t) {
    Map<String, Object> m = new HashMap<>(48);
    m.put("id", t.id());
    m.put("flow_id", t.flowId());
    m.put("node", t.node());
    m.put("protocol", t.protocol());
    m.put("client_ip", t.clientIp());
    m.put("client_port", t.clientPort());
    m.put("server_ip", t.serverIp());
    m.put("server_port", t.serverPort());
    m.put("request_ts", t.requestTs());
    m.put("response_ts", t.responseTs());
    m.put("latency_us", t.latencyUs());
    m.put("ttfb_us", t.ttfbUs());
    m.put("method", t.method());
    m.put("host", t.host());
    m.put("path", t.path());
    m.put("route", t.route());
    m.put("status", t.status());
    m.put("request_bytes", t.requestBytes());
    m.put("response_bytes", t.responseBytes());
    m.put("request_headers", t.requestHeaders());
    m.put("response_headers", t.responseHeaders());
    m.put("request_body", t.requestBody());
    m.put("response_body", t.responseBody());
    m.put("has_authorization", t.hasAuthorization());
    m.put("error", t.error());
    workloadColumns(m, "client_", t.client());
    workloadColumns(m, "server_", t.server());
    return m;
  }

  static Map<String, Object> of(WorkloadChange change) {
    WorkloadEvent e = change.event();
    Map<String, Object> m = new HashMap<>(16);
    m.put("ts", change.tsMicros());
    m.put("kind", e.getKind());
    m.put("action", e.getAction());
    m.put("namespace", e.getNamespace());
    m.put("name", e.getName());
    m.put("ips", e.getIps());
    m.put("node", e.getNode());
    m.put("labels", e.getLabels());
    m.put("owner", e.getOwner());
    m.put("cidrs", e.getCidrs());
    m.put("ports", e.getPorts());
    return m;
  }

  private static void workloadColumns(Map<String, Object> m, String side, WorkloadRef w) {
    m.put(side + "namespace", w.namespace());
    m.put(side + "pod", w.pod());
    m.put(side + "workload", w.workload());
    m.put(side + "service", w.service());
    m.put(side + "node", w.node());
    m.put(side + "external", w.external());
  }

  static Map<String, Object> of(LatencyAggregate a) {
    Map<String, Object> m = new HashMap<>(32);
    m.put("window_start", a.windowStart());
    m.put("protocol", a.protocol());
    m.put("client_workload", a.clientWorkload());
    m.put("client_namespace", a.clientNamespace());
    m.put("server_service", a.serverService());
    m.put("server_namespace", a.serverNamespace());
    m.put("method", a.method());
    m.put("route", a.route());
    m.put("status_class", a.statusClass());
    m.put("client_ip", a.clientIp());
    m.put("server_ip", a.serverIp());
    m.put("server_port", a.serverPort());
    m.put("requests", a.requests());
    m.put("errors", a.errors());
    m.put("latency_sum_us", a.latencySumUs());
    m.put("max_us", a.maxUs());
    m.put("p50_us", a.p50Us());
    m.put("p90_us", a.p90Us());
    m.put("p99_us", a.p99Us());
    m.put("latency_sketch", a.sketch());
    return m;
  }

  static Map<String, Object> of(HandshakeAggregate a) {
    Map<String, Object> m = new HashMap<>(24);
    m.put("window_start", a.windowStart());
    m.put("client_workload", a.clientWorkload());
    m.put("client_namespace", a.clientNamespace());
    m.put("server_service", a.serverService());
    m.put("server_namespace", a.serverNamespace());
    m.put("server_port", a.serverPort());
    m.put("node", a.node());
    m.put("client_ip", a.clientIp());
    m.put("server_ip", a.serverIp());
    m.put("flows", a.flows());
    m.put("resets", a.resets());
    m.put("tcp_handshake_p50_us", a.p50Us());
    m.put("tcp_handshake_p90_us", a.p90Us());
    m.put("tcp_handshake_p99_us", a.p99Us());
    m.put("handshake_sketch", a.sketch());
    return m;
  }
}
