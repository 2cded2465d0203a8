package io.wirelake.mcp;

import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.query.PageRequest;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.query.TimeWindowParser;
import io.wirelake.lakehouse.query.TrafficFilter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The argument names every tool shares (SPEC section 5): the window ({@code from}, {@code to},
 * {@code tz}), the filters and paging, declared once for the schemas and read once for the calls.
 */
final class CommonArguments {

  static final String WINDOW_HELP =
      " Accepts ISO-8601 instants (2026-11-24T14:00:00Z), dates (2026-11-24, the whole day in tz),"
          + " ISO intervals (2026-11-24T14:00Z/PT1H), relative times (now-1h, -15m) and named ranges"
          + " (today, yesterday, this week, last week, last 7d, last 24h).";

  private static final Pattern STATUS_CLASS = Pattern.compile("([1-5])xx");
  private static final Pattern STATUS_CODE = Pattern.compile("\\d{3}");

  private CommonArguments() {}

  static InputSchema window(InputSchema schema) {
    return schema
        .string("from", "Start of the time window (inclusive). Omit to start at the oldest data." + WINDOW_HELP
            + " A range given alone (a date, an interval, 'today', 'last 24h') is the whole window.")
        .string("to", "End of the time window (exclusive). Omit for no end (up to the newest data). A date or named range here means its end.")
        .string("tz", "Time zone for dates and named ranges, e.g. UTC (default), Europe/Berlin, +02:00.");
  }

  /** Filters that apply to both calls and flows. */
  static InputSchema peerFilters(InputSchema schema) {
    return schema
        .string("namespace", "Only traffic where the client or the server is in this Kubernetes namespace.")
        .string("workload", "Only traffic where the client or the server belongs to this workload (e.g. a Deployment name).")
        .string("service", "Only traffic to this server: a Kubernetes service name, or ip:port (e.g. 10.0.1.5:8080) as the service column shows while Kubernetes context is missing.")
        .string("pod", "Only traffic where the client or the server is this pod.")
        .string("ip", "Only traffic where the client or the server has this IP address.")
        .integer("port", "Only traffic to this server port.", 0, 65535, null)
        .string("node", "Only traffic captured on this node.");
  }

  static InputSchema callFilters(InputSchema schema) {
    return peerFilters(schema)
        .string("protocol", "Only this application protocol: http/1.1, http/2, grpc, redis, postgres, dns, ...")
        .string("method", "Only this request method (GET, POST, ...) or command.")
        .string("path", "Only requests whose path starts with this prefix, e.g. /api/orders.")
        .anyType("status", "Only this response status: a code (503) or a class (\"5xx\", \"4xx\").", List.of("integer", "string"))
        .integer("min_latency_us", "Only calls at least this slow, in microseconds (1 ms = 1000).", 0, Long.MAX_VALUE, null)
        .integer("max_latency_us", "Only calls at most this slow, in microseconds.", 0, Long.MAX_VALUE, null)
        .bool("has_authorization", "Only calls with (true) or without (false) credentials (Authorization and similar headers).", null)
        .bool("errors_only", "Only failed calls: status 500 or above, or no/broken response (error set).", null);
  }

  static InputSchema flowFilters(InputSchema schema) {
    return peerFilters(schema)
        .string("protocol", "Only flows that carried this application protocol (http/1.1, ...).");
  }

  static InputSchema paging(InputSchema schema, int defaultLimit) {
    return schema
        .integer("limit", "Rows per page (at most " + PageRequest.MAX_LIMIT + ").", 1, PageRequest.MAX_LIMIT, (long) defaultLimit)
        .string("cursor", "next_cursor from the previous page, unchanged; omit for the first page.")
        .enumeration("order", "oldest_first (default) or newest_first.", List.of("oldest_first", "newest_first"), "oldest_first");
  }

  static TimeWindow window(Arguments args, TimeWindowParser parser) {
    return parser.parse(
        args.string("from"), args.string("to"), TimeWindowParser.zone(args.string("tz"), "tz"));
  }

  static TrafficFilter.Builder peerFilter(Arguments args, TimeWindow window) {
    return TrafficFilter.builder(window)
        .namespace(args.string("namespace"))
        .workload(args.string("workload"))
        .service(args.string("service"))
        .pod(args.string("pod"))
        .ip(args.string("ip"))
        .port(args.integer("port", 0, 65535))
        .node(args.string("node"))
        .protocol(args.string("protocol"));
  }

  static TrafficFilter callFilter(Arguments args, TimeWindow window) {
    TrafficFilter.Builder filter = peerFilter(args, window)
        .method(args.string("method"))
        .pathPrefix(args.string("path"))
        .latencyUs(
            args.longValue("min_latency_us", 0, Long.MAX_VALUE),
            args.longValue("max_latency_us", 0, Long.MAX_VALUE))
        .hasAuthorization(args.bool("has_authorization"))
        .errorsOnly(Boolean.TRUE.equals(args.bool("errors_only")));
    int[] status = status(args.raw("status"));
    if (status != null) {
      filter.status(status[0], status[1]);
    }
    return filter.build();
  }

  static TrafficFilter flowFilter(Arguments args, TimeWindow window) {
    return peerFilter(args, window).build();
  }

  static PageRequest page(Arguments args, int defaultLimit) {
    int limit = args.integer("limit", 1, PageRequest.MAX_LIMIT, defaultLimit);
    boolean newestFirst =
        "newest_first".equals(args.enumeration("order", List.of("oldest_first", "newest_first"), "oldest_first"));
    return new PageRequest(limit, args.string("cursor"), newestFirst);
  }

  /** {@code [min, max]} of a status argument: 503, "503" or "5xx"; null if absent. */
  static int[] status(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number number) {
      long code = number.longValue();
      if (number.doubleValue() != code || code < 100 || code > 599) {
        throw new InvalidArgumentException("status", "must be a status code from 100 to 599 or a class such as \"5xx\", was " + value);
      }
      return new int[] {(int) code, (int) code};
    }
    if (value instanceof String text) {
      String t = text.trim().toLowerCase(java.util.Locale.ROOT);
      Matcher cls = STATUS_CLASS.matcher(t);
      if (cls.matches()) {
        int base = Integer.parseInt(cls.group(1)) * 100;
        return new int[] {base, base + 99};
      }
      if (STATUS_CODE.matcher(t).matches()) {
        return status(Integer.parseInt(t));
      }
    }
    throw new InvalidArgumentException(
        "status", "must be a status code from 100 to 599 or a class such as \"5xx\", was " + Arguments.describe(value));
  }
}
