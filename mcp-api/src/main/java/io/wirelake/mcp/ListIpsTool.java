package io.wirelake.mcp;

import io.wirelake.lakehouse.query.TimeWindowParser;
import io.wirelake.lakehouse.workload.IpHolding;
import io.wirelake.lakehouse.workload.IpListing;
import io.wirelake.lakehouse.workload.WorkloadQueries;
import io.wirelake.lakehouse.workload.WorkloadRef;
import io.wirelake.lakehouse.workload.WorkloadSelection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code list_ips}: who held an address at a time, and which addresses a workload, pod or service held in a window. */
final class ListIpsTool implements WirelakeTool {

  static final int DEFAULT_LIMIT = 100;
  static final List<String> KINDS = List.of("pod", "service", "node", "endpoints");

  private final WorkloadQueries queries;
  private final TimeWindowParser parser;

  ListIpsTool(WorkloadQueries queries, TimeWindowParser parser) {
    this.queries = queries;
    this.parser = parser;
  }

  @Override
  public String name() {
    return "list_ips";
  }

  @Override
  public String description() {
    return "Who held an IP address when, from the recorded Kubernetes metadata (pod IPs are reused, so an address"
        + " means different pods at different times). With ip and at: what the address was at that instant (pod,"
        + " workload, service, node, or outside the cluster) and since when. With a window (from/to) and filters"
        + " (workload, pod, service, namespace, kind): every address held in it, one row per holder and span: ip,"
        + " kind (pod, service = a cluster IP, node, endpoints = listed by a service with no known pod), namespace,"
        + " name, workload, node, services (whose EndpointSlices listed it), since, until (null: still held at the"
        + " end of the window). Use it for 'who had 10.244.1.5 at 14:02 yesterday' or 'which IPs has checkout"
        + " used this week'. Paged like list_api_calls.";
  }

  @Override
  public InputSchema schema() {
    return WorkloadArguments.schema(new InputSchema(), DEFAULT_LIMIT)
        .string("ip", "The IP address asked about (IPv4 or IPv6).")
        .enumeration("kind", "Only holders of this kind.", KINDS, null);
  }

  @Override
  public ToolOutput call(Arguments args) {
    WorkloadSelection s = WorkloadArguments.selection(args, parser)
        .withIp(args.string("ip"))
        .withKind(args.enumeration("kind", KINDS, null));
    IpListing answer = queries.ips(s, WorkloadArguments.limit(args, DEFAULT_LIMIT), args.string("cursor"));
    List<IpHolding> rows = answer.page().rows();
    Map<String, Object> content = new LinkedHashMap<>();
    WorkloadArguments.putWhen(content, s);
    if (s.ip() != null) {
      content.put("ip", s.ip());
    }
    if (answer.resolution() != null) {
      content.put("resolution", resolution(answer.resolution()));
    }
    content.put("rows", rows.stream().map(ListIpsTool::row).toList());
    WorkloadArguments.paging(content, rows.size(), answer.page().matched(), answer.page().truncated(),
        answer.page().nextCursor());
    String summary = answer.resolution() != null
        ? resolved(s, answer.resolution(), rows)
        : rows.size() + " of " + answer.page().matched() + " address holdings ("
            + rows.stream().map(IpHolding::ip).distinct().count() + " addresses on this page)"
            + (s.ip() != null ? " of " + s.ip() : "") + WorkloadArguments.filters(s) + " "
            + WorkloadArguments.describe(s)
            + (answer.page().truncated() ? "; more remain: pass next_cursor for the next page" : "");
    return new ToolOutput(summary, content);
  }

  /** What one address was at one instant, in words. */
  private static String resolved(WorkloadSelection s, WorkloadRef r, List<IpHolding> rows) {
    String head = s.ip() + " " + WorkloadArguments.describe(s) + ": ";
    IpHolding holder = rows.stream().filter(h -> !h.kind().equals("endpoints")).findFirst().orElse(null);
    String since = holder == null ? "" : ", held since " + holder.since();
    if (r.pod() != null) {
      return head + "pod " + r.namespace() + "/" + r.pod()
          + (r.workload() != null ? " (workload " + r.workload() + ")" : "")
          + (r.service() != null ? " behind service " + r.service() : "")
          + (r.node() != null ? " on node " + r.node() : "") + since;
    }
    if (r.service() != null) {
      return head + "cluster IP of service " + r.namespace() + "/" + r.service() + since;
    }
    if (r.node() != null) {
      return head + "address of node " + r.node() + since;
    }
    if (r.external() == null) {
      return head + "unknown: no Kubernetes metadata is recorded up to that time";
    }
    return head + (r.external() ? "outside the cluster (no object held it)"
        : "inside the cluster, but no pod, service or node held it then");
  }

  static Map<String, Object> resolution(WorkloadRef r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("namespace", r.namespace());
    json.put("pod", r.pod());
    json.put("workload", r.workload());
    json.put("service", r.service());
    json.put("node", r.node());
    json.put("external", r.external());
    return json;
  }

  static Map<String, Object> row(IpHolding h) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ip", h.ip());
    json.put("kind", h.kind());
    WorkloadArguments.putIfPresent(json, "namespace", h.namespace());
    json.put("name", h.name());
    WorkloadArguments.putIfPresent(json, "workload", h.workload());
    WorkloadArguments.putIfPresent(json, "workload_kind", h.ownerKind());
    WorkloadArguments.putIfPresent(json, "node", h.node());
    WorkloadArguments.putIfPresent(json, "services", h.services());
    return WorkloadArguments.span(json, h.since(), h.until());
  }
}
