package io.wirelake.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The prompt templates (SPEC section 5): each tells the model which tools to call, in which
 * order, with the user's window and scope filled in.
 */
final class Prompts {

  /** One prompt: its definition and how it renders its arguments. */
  record Template(McpSchema.Prompt prompt, Function<Map<String, Object>, String> text) {
    GetPromptResult render(Map<String, Object> arguments) {
      Map<String, Object> args = arguments == null ? Map.of() : arguments;
      return new GetPromptResult(
          prompt.description(),
          List.of(new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(text.apply(args)))));
    }
  }

  private Prompts() {}

  static List<Template> all() {
    List<Template> all = new ArrayList<>();
    all.add(new Template(
        prompt("analyze_traffic", "Overview of the cluster's traffic in a window: who talks to whom, volume, errors, latency.",
            arg("from", "start of the window (e.g. now-1h, 2026-11-24T14:00Z); default: the data's range", false),
            arg("to", "end of the window; default now", false),
            arg("namespace", "limit the analysis to one namespace", false)),
        a -> "Analyze the network traffic captured by wirelake" + window(a) + scope(a, "namespace") + ".\n"
            + "1. Call get_data_boundaries to see which time range has data; if the window above has none, say so and use the newest hour instead.\n"
            + "2. Call get_api_stats with group_by=service" + args(a, "namespace") + " for volume, error rate and p50/p90/p99 latency per service.\n"
            + "3. Call service_map" + args(a, "namespace") + " to see who calls whom.\n"
            + "4. Call get_l4_flow_summary" + args(a, "namespace") + " for bytes, resets, handshake times and top talkers.\n"
            + "5. For anything unusual (high error rate, high p99, many resets), call list_api_calls with that service and errors_only=true or min_latency_us, and get_api_call on one example.\n"
            + "Report: the busiest services, the slowest and the most failing ones with numbers, the dependency structure, and anything that needs attention."));
    all.add(new Template(
        prompt("latency_analysis", "Find where latency comes from for a service: application time, dependencies or the network.",
            arg("service", "the service to analyze (a name or ip:port as get_api_stats shows it)", false),
            arg("from", "start of the window", false),
            arg("to", "end of the window", false),
            arg("threshold_ms", "calls slower than this are 'slow' (default: the service's p99)", false)),
        a -> "Analyze latency" + scope(a, "service") + window(a) + ".\n"
            + "1. Call get_api_stats with group_by=endpoint" + args(a, "service") + " to find the slow endpoints (p50, p90, p99 in microseconds).\n"
            + "2. Call list_api_calls" + args(a, "service") + " with min_latency_us="
            + (a.get("threshold_ms") == null ? "<the p99 from step 1>" : threshold(a.get("threshold_ms")))
            + " and order=newest_first to get slow examples.\n"
            + "3. For a few slow calls, call trace_request to see which downstream calls took the time.\n"
            + "4. Call list_l4_flows with group_by=service" + args(a, "service") + " and compare tcp_handshake_p99_us with the call latency to tell network from application delay.\n"
            + "Report where the time goes, with numbers, and what to look at first."));
    all.add(new Template(
        prompt("compare_traffic", "Compare two time windows (e.g. before and after a deploy): volume, errors, latency.",
            arg("a_from", "start of the first (baseline) window", true),
            arg("a_to", "end of the first window", true),
            arg("b_from", "start of the second window", true),
            arg("b_to", "end of the second window", true),
            arg("service", "limit the comparison to one service", false)),
        a -> "Compare traffic between window A (" + a.get("a_from") + " to " + a.get("a_to") + ") and window B ("
            + a.get("b_from") + " to " + a.get("b_to") + ")" + scope(a, "service") + ".\n"
            + "1. If the compare_windows tool is available, call it with a_from, a_to, b_from, b_to" + args(a, "service") + ".\n"
            + "2. Otherwise call get_api_stats with group_by=service" + args(a, "service") + " once with from=a_from, to=a_to and once with from=b_from, to=b_to, and compute the change in requests, error rate and p50/p99 per service.\n"
            + "3. Do the same with list_l4_flows group_by=service for handshake times and resets.\n"
            + "4. For the largest changes, fetch examples with list_api_calls in window B.\n"
            + "Report the changes ranked by significance, with absolute and relative differences."));
    all.add(new Template(
        prompt("find_errors", "Find failing API calls, group them and explain the likely cause.",
            arg("from", "start of the window", false),
            arg("to", "end of the window", false),
            arg("service", "limit to one service", false)),
        a -> "Find errors" + scope(a, "service") + window(a) + ".\n"
            + "1. Call get_api_stats with group_by=endpoint and errors_only=false" + args(a, "service") + " to see error rates per endpoint.\n"
            + "2. Call list_api_calls with errors_only=true, order=newest_first" + args(a, "service") + " for failing calls (status >= 500 or no/broken response).\n"
            + "3. Call get_api_call on representative failures for headers, bodies and the TCP flow (resets, retransmissions).\n"
            + "4. Call trace_request on a failing call to see whether a dependency failed first.\n"
            + "Report the error classes with counts, the endpoints affected, example ids and the probable root cause."));
    return all;
  }

  private static McpSchema.Prompt prompt(String name, String description, PromptArgument... arguments) {
    return new McpSchema.Prompt(name, description, List.of(arguments));
  }

  private static PromptArgument arg(String name, String description, boolean required) {
    return new PromptArgument(name, description, required);
  }

  private static String window(Map<String, Object> a) {
    Object from = a.get("from");
    Object to = a.get("to");
    if (from == null && to == null) {
      return " over all captured data";
    }
    return " from " + (from == null ? "the oldest data" : from) + " to " + (to == null ? "now" : to)
        + " (pass from/to to every tool)";
  }

  private static String scope(Map<String, Object> a, String key) {
    Object value = a.get(key);
    return value == null ? "" : " for " + key + " " + value;
  }

  private static String args(Map<String, Object> a, String key) {
    StringBuilder s = new StringBuilder();
    if (a.get(key) != null) {
      s.append(", ").append(key).append('=').append(a.get(key));
    }
    if (a.get("from") != null) {
      s.append(", from=").append(a.get("from"));
    }
    if (a.get("to") != null) {
      s.append(", to=").append(a.get("to"));
    }
    return s.toString();
  }

  private static String threshold(Object ms) {
    try {
      return Long.toString(Math.round(Double.parseDouble(ms.toString()) * 1000));
    } catch (NumberFormatException e) {
      return "<" + ms + " ms in microseconds>";
    }
  }
}
