package io.wirelake.mcp;

import io.wirelake.lakehouse.query.Page;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.query.TimeWindowParser;
import io.wirelake.lakehouse.query.TrafficQueries;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code list_api_calls}: API calls (request/response pairs) matching filters, paged. */
final class ListApiCallsTool implements WirelakeTool {

  static final int DEFAULT_LIMIT = 50;

  private final TrafficQueries queries;
  private final TimeWindowParser parser;

  ListApiCallsTool(TrafficQueries queries, TimeWindowParser parser) {
    this.queries = queries;
    this.parser = parser;
  }

  @Override
  public String name() {
    return "list_api_calls";
  }

  @Override
  public String description() {
    return "Lists individual API calls (HTTP and other request/response pairs) in a time window,"
        + " filtered by namespace, service, pod, workload, ip, port, protocol, method, path prefix,"
        + " status (503 or \"5xx\"), latency range, errors_only and has_authorization. Each row has"
        + " id, times, client and server, method, path, route, status, latency_us (request complete"
        + " to response complete) and error. Use it to find example calls (slowest, failing,"
        + " unauthenticated); pass a row's id to get_api_call for headers and bodies or to"
        + " trace_request for its downstream calls. Paged: when 'truncated' is true, call again with"
        + " cursor = next_cursor. For counts and percentiles use get_api_stats instead.";
  }

  @Override
  public InputSchema schema() {
    return CommonArguments.paging(
        CommonArguments.callFilters(CommonArguments.window(new InputSchema())), DEFAULT_LIMIT);
  }

  @Override
  public ToolOutput call(Arguments args) {
    TimeWindow window = CommonArguments.window(args, parser);
    Page page =
        queries.listCalls(
            CommonArguments.callFilter(args, window), CommonArguments.page(args, DEFAULT_LIMIT));
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("window", JsonValues.window(window));
    content.put("rows", page.rows().stream().map(JsonValues::row).toList());
    content.put("returned", page.rows().size());
    content.put("matched", page.matched());
    content.put("truncated", page.truncated());
    if (page.nextCursor() != null) {
      content.put("next_cursor", page.nextCursor());
    }
    String summary =
        page.rows().size() + " of " + page.matched() + " matching API calls "
            + JsonValues.describe(window)
            + (page.truncated() ? "; more remain: pass next_cursor for the next page" : "");
    return new ToolOutput(summary, content);
  }
}
