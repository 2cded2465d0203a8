package io.wirelake.mcp;

import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.query.PeerNames;
import io.wirelake.lakehouse.query.Row;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.query.TrafficFilter;
import io.wirelake.lakehouse.query.TrafficQueries;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code trace_request}: the downstream calls a service made while serving one call, as a tree.
 * A child of call C is a call that started and finished while C was in flight ({@code
 * request_ts..response_ts}) and was sent from C's server IP; when C carries a trace header
 * ({@code traceparent}, {@code x-request-id}, {@code x-b3-traceid}) calls with the same trace id
 * are preferred, which separates concurrent requests.
 */
final class TraceRequestTool implements WirelakeTool {

  static final int MAX_NODES = 500;

  private static final List<String> COLUMNS =
      List.of("id", "request_ts", "response_ts", "client_ip", "client_workload", "client_service",
          "client_pod", "server_ip", "server_port", "server_service", "method", "path", "route",
          "status", "latency_us", "error", "request_headers");

  private final TrafficQueries queries;

  TraceRequestTool(TrafficQueries queries) {
    this.queries = queries;
  }

  @Override
  public String name() {
    return "trace_request";
  }

  @Override
  public String description() {
    return "Follows one API call downstream: the calls its server made while the call was in"
        + " flight, and theirs in turn, as a tree with status and latency per call. Calls are"
        + " linked by trace headers (traceparent, x-request-id) when present, otherwise by time"
        + " containment (started and finished within the parent's request..response, sent from"
        + " the parent's server IP). Use it to find which dependency made a slow or failing call"
        + " slow or failing. Takes the id from list_api_calls.";
  }

  @Override
  public InputSchema schema() {
    return new InputSchema()
        .string("id", "The id of the call to trace, as list_api_calls returns it.", GetApiCallTool.CALL_ID.pattern())
        .integer("depth", "How many levels of downstream calls (default 3).", 1, 10, 3L)
        .required("id");
  }

  @Override
  public ToolOutput call(Arguments args) {
    String id = args.requiredString("id");
    if (!GetApiCallTool.CALL_ID.matcher(id).matches()) {
      throw new InvalidArgumentException(
          "id", "'" + id + "' is not a call id; ids look like 3f2a9c0d1b4e5f60:7 as list_api_calls returns them");
    }
    int depth = args.integer("depth", 1, 10, 3);
    Row root = queries.call(id, COLUMNS).orElseThrow(
        () -> new InvalidArgumentException("id", "no API call with id " + id + " (list_api_calls shows the ids)"));
    Instant start = root.instant("request_ts");
    Instant end = root.instant("response_ts");
    List<Row> candidates = end == null || !end.isAfter(start) ? List.of()
        : queries.calls(TrafficFilter.of(new TimeWindow(start, end.plus(1, ChronoUnit.MICROS))), COLUMNS);
    Set<String> used = new HashSet<>();
    used.add(id);
    int[] count = {0};
    Map<String, Object> tree = node(root, "root", candidates, depth, used, count);
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("trace", tree);
    content.put("downstream_calls", count[0]);
    content.put("truncated", count[0] >= MAX_NODES);
    String summary = end == null
        ? "call " + id + " has no response, so no downstream calls can be placed inside it"
        : "call " + id + " (" + root.string("method") + " " + root.string("path") + ", "
            + root.get("latency_us") + " us) made " + count[0] + " downstream calls within " + depth + " levels";
    return new ToolOutput(summary, content);
  }

  private Map<String, Object> node(
      Row call, String matchedBy, List<Row> candidates, int depth, Set<String> used, int[] count) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", call.string("id"));
    json.put("client", PeerNames.client(call));
    json.put("server", PeerNames.server(call));
    json.put("method", call.string("method"));
    json.put("path", call.string("path"));
    json.put("status", call.get("status"));
    json.put("latency_us", call.get("latency_us"));
    if (call.get("error") != null) {
      json.put("error", call.string("error"));
    }
    json.put("request_ts", Objects.toString(call.get("request_ts"), null));
    json.put("matched_by", matchedBy);
    List<Map<String, Object>> children = new ArrayList<>();
    if (depth > 0) {
      Children found = children(call, candidates, used);
      for (Row child : found.calls()) {
        if (count[0] >= MAX_NODES) {
          break;
        }
        used.add(child.string("id"));
        count[0]++;
        children.add(node(child, found.matchedBy(), candidates, depth - 1, used, count));
      }
    }
    json.put("children", children);
    return json;
  }

  private record Children(List<Row> calls, String matchedBy) {}

  private static Children children(Row parent, List<Row> candidates, Set<String> used) {
    Instant start = parent.instant("request_ts");
    Instant end = parent.instant("response_ts");
    if (end == null) {
      return new Children(List.of(), null);
    }
    List<Row> contained = new ArrayList<>();
    for (Row c : candidates) {
      Instant cs = c.instant("request_ts");
      Instant ce = c.instant("response_ts");
      if (used.contains(c.string("id")) || cs.isBefore(start) || (ce != null ? ce.isAfter(end) : !cs.isBefore(end))) {
        continue;
      }
      contained.add(c);
    }
    String server = parent.string("server_ip");
    List<Row> fromServer = contained.stream().filter(c -> server.equals(c.string("client_ip"))).toList();
    String traceId = traceId(parent);
    if (traceId != null) {
      List<Row> byHeader = contained.stream().filter(c -> traceId.equals(traceId(c))).toList();
      List<Row> byHeaderFromServer = byHeader.stream().filter(fromServer::contains).toList();
      if (!byHeaderFromServer.isEmpty()) {
        return new Children(sorted(byHeaderFromServer), "trace_header");
      }
      if (!byHeader.isEmpty()) {
        return new Children(sorted(byHeader), "trace_header");
      }
    }
    return new Children(sorted(fromServer), "time_containment");
  }

  private static List<Row> sorted(List<Row> calls) {
    List<Row> copy = new ArrayList<>(calls);
    copy.sort(Comparator.comparing((Row r) -> r.instant("request_ts")).thenComparing(r -> r.string("id")));
    return copy;
  }

  /** The trace id a call carries: W3C traceparent's trace id, else x-request-id or x-b3-traceid. */
  static String traceId(Row call) {
    Object headers = call.get("request_headers");
    if (!(headers instanceof Map<?, ?> map)) {
      return null;
    }
    String traceparent = null;
    String requestId = null;
    String b3 = null;
    for (Map.Entry<?, ?> header : map.entrySet()) {
      String name = String.valueOf(header.getKey()).toLowerCase(Locale.ROOT);
      String value = header.getValue() == null ? null : header.getValue().toString().trim();
      switch (name) {
        case "traceparent" -> traceparent = value;
        case "x-request-id" -> requestId = value;
        case "x-b3-traceid" -> b3 = value;
        default -> { }
      }
    }
    if (traceparent != null) {
      String[] parts = traceparent.split("-");
      if (parts.length >= 2 && !parts[1].isEmpty()) {
        return "w3c:" + parts[1].toLowerCase(Locale.ROOT);
      }
    }
    if (requestId != null && !requestId.isEmpty()) {
      return "rid:" + requestId;
    }
    return b3 == null || b3.isEmpty() ? null : "b3:" + b3.toLowerCase(Locale.ROOT);
  }
}
