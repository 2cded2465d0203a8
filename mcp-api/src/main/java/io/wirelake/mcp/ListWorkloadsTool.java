package io.wirelake.mcp;

import io.wirelake.lakehouse.query.TimeWindowParser;
import io.wirelake.lakehouse.workload.Paged;
import io.wirelake.lakehouse.workload.WorkloadEntry;
import io.wirelake.lakehouse.workload.WorkloadQueries;
import io.wirelake.lakehouse.workload.WorkloadSelection;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code list_workloads}: workloads with their pods and addresses over time, and services with the pods behind them. */
final class ListWorkloadsTool implements WirelakeTool {

  static final int DEFAULT_LIMIT = 50;

  private final WorkloadQueries queries;
  private final TimeWindowParser parser;

  ListWorkloadsTool(WorkloadQueries queries, TimeWindowParser parser) {
    this.queries = queries;
    this.parser = parser;
  }

  @Override
  public String name() {
    return "list_workloads";
  }

  @Override
  public String description() {
    return "The Kubernetes workloads and services that existed in a window (or at one instant with 'at'), from the"
        + " recorded metadata. Rows of type workload: namespace, workload, kind (Deployment, StatefulSet, DaemonSet,"
        + " Job, or Pod for a pod without owner), its pods (name, ips, node, services in front of it, since, until ="
        + " deleted at, null if still there at the end of the window), all their ips and nodes. Rows of type"
        + " service: namespace, service, cluster_ips and backing (each address its EndpointSlices listed, with the"
        + " pod and workload that held it, since, until). Filters: namespace, workload, pod, service, kind"
        + " (deployment, statefulset, ..., pod, service). Use it to learn the names to filter other tools by, and"
        + " list_ips for one address's history.";
  }

  @Override
  public InputSchema schema() {
    return WorkloadArguments.schema(new InputSchema(), DEFAULT_LIMIT)
        .string("kind", "Only workloads of this kind (deployment, statefulset, daemonset, job; pod = pods without"
            + " owner), or service for services only.");
  }

  @Override
  public ToolOutput call(Arguments args) {
    WorkloadSelection s = WorkloadArguments.selection(args, parser).withKind(args.string("kind"));
    Paged<WorkloadEntry> page =
        queries.workloads(s, WorkloadArguments.limit(args, DEFAULT_LIMIT), args.string("cursor"));
    Map<String, Object> content = new LinkedHashMap<>();
    WorkloadArguments.putWhen(content, s);
    content.put("rows", page.rows().stream().map(ListWorkloadsTool::row).toList());
    WorkloadArguments.paging(content, page.rows().size(), page.matched(), page.truncated(), page.nextCursor());
    long workloads = page.rows().stream().filter(e -> e instanceof WorkloadEntry.Workload).count();
    long pods = page.rows().stream().filter(e -> e instanceof WorkloadEntry.Workload)
        .mapToLong(e -> ((WorkloadEntry.Workload) e).pods().size()).sum();
    long ips = page.rows().stream().filter(e -> e instanceof WorkloadEntry.Workload)
        .flatMap(e -> ((WorkloadEntry.Workload) e).ips().stream()).distinct().count();
    String summary = page.matched() == 0
        ? "no workloads or services" + WorkloadArguments.filters(s) + " " + WorkloadArguments.describe(s)
            + " (none match, or no Kubernetes metadata is recorded up to then)"
        : workloads + " workloads (" + pods + " pods, " + ips + " pod IPs) and " + (page.rows().size() - workloads)
            + " services" + WorkloadArguments.filters(s) + " " + WorkloadArguments.describe(s)
            + (page.truncated() ? "; " + (page.matched() - page.rows().size())
                + " more rows remain: pass next_cursor for the next page" : "");
    return new ToolOutput(summary, content);
  }

  static Map<String, Object> row(WorkloadEntry entry) {
    Map<String, Object> json = new LinkedHashMap<>();
    if (entry instanceof WorkloadEntry.Workload w) {
      json.put("type", "workload");
      json.put("namespace", w.namespace());
      json.put("workload", w.name());
      json.put("kind", w.kind());
      json.put("pods", w.pods().stream().map(ListWorkloadsTool::pod).toList());
      json.put("ips", w.ips());
      json.put("nodes", w.nodes());
      return json;
    }
    WorkloadEntry.Service s = (WorkloadEntry.Service) entry;
    json.put("type", "service");
    json.put("namespace", s.namespace());
    json.put("service", s.name());
    json.put("cluster_ips", s.clusterIps());
    WorkloadArguments.span(json, s.since(), s.until());
    json.put("backing", s.backing().stream().map(b -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ip", b.ip());
      m.put("pod", b.pod());
      m.put("workload", b.workload());
      return WorkloadArguments.span(m, b.since(), b.until());
    }).toList());
    return json;
  }

  private static Map<String, Object> pod(WorkloadEntry.Pod p) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("pod", p.name());
    json.put("ips", p.ips());
    json.put("node", p.node());
    json.put("services", p.services());
    return WorkloadArguments.span(json, p.since(), p.until());
  }
}
