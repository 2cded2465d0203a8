package io.wirelake.mcp;

import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.query.Row;
import io.wirelake.lakehouse.query.TrafficQueries;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code get_api_call}: one API call with headers, bodies and its L4 flow. */
final class GetApiCallTool implements WirelakeTool {

  /** {@code <flow id in hex>:<sequence number>}, the id format of l7_transactions. */
  static final Pattern CALL_ID = Pattern.compile("[0-9a-fA-F]{8,64}:\\d{1,9}");

  static final int DEFAULT_BODY_BYTES = 16 * 1024;
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final List<String> WITHOUT_BODIES = new ArrayList<>(TrafficQueries.CALL_COLUMNS);

  static {
    WITHOUT_BODIES.addAll(List.of("request_headers", "response_headers"));
  }

  private final TrafficQueries queries;

  GetApiCallTool(TrafficQueries queries) {
    this.queries = queries;
  }

  @Override
  public String name() {
    return "get_api_call";
  }

  @Override
  public String description() {
    return "Everything about one API call, by the id that list_api_calls or trace_request"
        + " returned: all columns, request and response headers (secrets masked), request and"
        + " response bodies (as text when UTF-8, else base64; stored bodies are capped at 64 KiB)"
        + " and the TCP connection (L4 flow) that carried it, with its handshake time, bytes,"
        + " retransmissions and close reason. Use it to inspect why a particular call failed or was slow.";
  }

  @Override
  public InputSchema schema() {
    return new InputSchema()
        .string("id", "The call id, e.g. 3f2a9c0d1b4e5f60:7 (flow id, colon, sequence number).", CALL_ID.pattern())
        .bool("include_bodies", "Include request and response bodies (default true).", true)
        .integer("max_body_bytes", "Cut each body at this many bytes (default " + DEFAULT_BODY_BYTES + ").",
            0, MAX_BODY_BYTES, (long) DEFAULT_BODY_BYTES)
        .required("id");
  }

  @Override
  public ToolOutput call(Arguments args) {
    String id = args.requiredString("id");
    if (!CALL_ID.matcher(id).matches()) {
      throw new InvalidArgumentException(
          "id", "'" + id + "' is not a call id; ids look like 3f2a9c0d1b4e5f60:7 (flow id, colon, sequence number) as list_api_calls returns them");
    }
    boolean bodies = !Boolean.FALSE.equals(args.bool("include_bodies"));
    int maxBody = args.integer("max_body_bytes", 0, MAX_BODY_BYTES, DEFAULT_BODY_BYTES);
    Optional<Row> found = bodies ? queries.call(id) : queries.call(id, WITHOUT_BODIES);
    if (found.isEmpty()) {
      throw new InvalidArgumentException("id", "no API call with id " + id + " (list_api_calls shows the ids)");
    }
    Row row = found.get();
    Map<String, Object> call = new LinkedHashMap<>();
    row.values().forEach((column, value) -> {
      if (value == null) {
        return;
      }
      if (value instanceof ByteBuffer body) {
        if (bodies) {
          call.put(column, JsonValues.body(body, maxBody));
        }
      } else {
        call.put(column, JsonValues.value(value));
      }
    });
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("call", call);
    Optional<Row> flow = queries.flow(row.string("flow_id"));
    content.put("flow", flow.map(JsonValues::row).orElse(null));
    String summary =
        row.string("method") + " " + row.string("path") + " -> "
            + (row.get("status") == null ? "no status" : row.get("status"))
            + (row.get("latency_us") == null ? "" : " in " + row.get("latency_us") + " us")
            + (row.get("error") == null ? "" : " (error: " + row.get("error") + ")")
            + ", from " + row.string("client_ip") + " to " + row.string("server_ip") + ":" + row.get("server_port")
            + " at " + row.get("request_ts")
            + (flow.isPresent() ? "; flow " + row.string("flow_id") + " closed by " + flow.get().string("close_reason") : "; its flow is not (yet) in l4_flows");
    return new ToolOutput(summary, content);
  }
}
