package io.wirelake.mcp;

import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.query.PageRequest;
import io.wirelake.lakehouse.query.TimeWindowParser;
import io.wirelake.lakehouse.workload.WorkloadSelection;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Arguments and values shared by {@code list_workloads} and {@code list_ips}: a window or an instant, and filters. */
final class WorkloadArguments {

  private WorkloadArguments() {}

  static InputSchema schema(InputSchema schema, int defaultLimit) {
    return CommonArguments.window(schema)
        .string("at", "One instant instead of a window: the state at that time (e.g. 2026-11-24T14:02:00Z,"
            + " now-1h). Not together with from/to.")
        .string("namespace", "Only objects in this Kubernetes namespace.")
        .string("workload", "Only this workload: its name (checkout) or Kind/name (Deployment/checkout).")
        .string("pod", "Only this pod.")
        .string("service", "Only this Kubernetes service: its cluster IPs and the pods behind it.")
        .integer("limit", "Rows per page (at most " + PageRequest.MAX_LIMIT + ").", 1, PageRequest.MAX_LIMIT,
            (long) defaultLimit)
        .string("cursor", "next_cursor from the previous page, unchanged; omit for the first page.");
  }

  /** The window, or the instant {@code at}, with the filters every workload tool takes. */
  static WorkloadSelection selection(Arguments args, TimeWindowParser parser) {
    ZoneId zone = TimeWindowParser.zone(args.string("tz"), "tz");
    String at = args.string("at");
    WorkloadSelection s;
    if (at != null) {
      if (args.has("from") || args.has("to")) {
        throw new InvalidArgumentException("at", "is one instant; give either at or a window (from/to), not both");
      }
      Instant instant = parser.parseInstant(at, "at", zone);
      s = WorkloadSelection.at(instant);
    } else {
      s = WorkloadSelection.of(CommonArguments.window(args, parser));
    }
    return s.withNamespace(args.string("namespace"))
        .withWorkload(args.string("workload"))
        .withPod(args.string("pod"))
        .withService(args.string("service"));
  }

  static int limit(Arguments args, int defaultLimit) {
    return args.integer("limit", 1, PageRequest.MAX_LIMIT, defaultLimit);
  }

  /** {@code at} or {@code window} for the answer. */
  static void putWhen(Map<String, Object> content, WorkloadSelection s) {
    if (s.instant()) {
      content.put("at", s.window().from().toString());
    } else {
      content.put("window", JsonValues.window(s.window()));
    }
  }

  /** "at T" or the window in words. */
  static String describe(WorkloadSelection s) {
    return s.instant() ? "at " + s.window().from() : JsonValues.describe(s.window());
  }

  /** The filters set, in words, for summaries: " for workload checkout in namespace shop". */
  static String filters(WorkloadSelection s) {
    StringBuilder b = new StringBuilder();
    if (s.workload() != null) {
      b.append(" for workload ").append(s.workload());
    }
    if (s.pod() != null) {
      b.append(" for pod ").append(s.pod());
    }
    if (s.service() != null) {
      b.append(" for service ").append(s.service());
    }
    if (s.kind() != null) {
      b.append(" of kind ").append(s.kind());
    }
    if (s.namespace() != null) {
      b.append(" in namespace ").append(s.namespace());
    }
    return b.toString();
  }

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  /** Puts the entry unless the value is null or an empty list. */
  static void putIfPresent(Map<String, Object> json, String key, Object value) {
    if (value != null && !(value instanceof List<?> list && list.isEmpty())) {
      json.put(key, value);
    }
  }

  static Map<String, Object> span(Map<String, Object> json, Instant since, Instant until) {
    json.put("since", time(since));
    json.put("until", time(until));
    return json;
  }

  static Map<String, Object> paging(Map<String, Object> content, long returned, long matched, boolean truncated,
      String nextCursor) {
    content.put("returned", returned);
    content.put("matched", matched);
    content.put("truncated", truncated);
    if (nextCursor != null) {
      content.put("next_cursor", nextCursor);
    }
    return content;
  }

  static Map<String, Object> object() {
    return new LinkedHashMap<>();
  }
}
