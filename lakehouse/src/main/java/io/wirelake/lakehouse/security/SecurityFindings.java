package io.wirelake.lakehouse.security;

import io.wirelake.lakehouse.query.Row;
import io.wirelake.lakehouse.query.TrafficFilter;
import io.wirelake.lakehouse.query.TrafficQueries;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Security findings over a window of {@code l7_transactions} (and {@code l4_flows} for egress
 * without API calls): endpoints called without the credentials their other callers send, traffic
 * to servers outside the cluster, plaintext HTTP to them, and sensitive values (card numbers, US
 * SSNs, AWS access keys, private keys, JWTs) in stored headers and bodies, reported redacted only.
 * The window and filters are pushed down into the Iceberg scans; only the needed columns are read,
 * headers and bodies only when sensitive data is asked for.
 */
public final class SecurityFindings {

  private static final List<String> CALL_COLUMNS = List.of(
      "id", "client_ip", "client_port", "client_service", "client_workload", "server_ip",
      "server_port", "server_service", "server_workload", "method", "route", "path", "protocol",
      "has_authorization", "server_external", "status");

  private static final List<String> FLOW_COLUMNS = List.of(
      "flow_id", "client_ip", "client_service", "client_workload", "server_ip", "server_port",
      "server_service", "server_external");

  private final TrafficQueries queries;
  private final InternalNetworks networks;

  public SecurityFindings(TrafficQueries queries, InternalNetworks networks) {
    this.queries = queries;
    this.networks = networks;
  }

  /**
   * Looks for the given categories among the calls (and flows) the filter selects.
   *
   * @param limit at most this many entries per list of the report
   */
  public SecurityReport find(TrafficFilter filter, Set<Category> categories, int limit) {
    Set<Category> wanted = categories.isEmpty() ? EnumSet.allOf(Category.class) : EnumSet.copyOf(categories);
    Set<String> columns = new LinkedHashSet<>(CALL_COLUMNS);
    if (wanted.contains(Category.SENSITIVE_DATA)) {
      columns.addAll(SensitiveDataScan.COLUMNS);
    }
    MissingAuthentication auth = new MissingAuthentication();
    ExternalTraffic external = new ExternalTraffic(networks);
    SensitiveDataScan sensitive = new SensitiveDataScan();
    List<Row> calls = queries.calls(filter, columns);
    for (Row call : calls) {
      if (wanted.contains(Category.MISSING_AUTH)) {
        auth.add(call);
      }
      if (wanted.contains(Category.EGRESS) || wanted.contains(Category.PLAINTEXT_EXTERNAL)) {
        external.addCall(call);
      }
      if (wanted.contains(Category.SENSITIVE_DATA)) {
        sensitive.add(call);
      }
    }
    if (wanted.contains(Category.EGRESS)) {
      queries.flows(flowFilter(filter), FLOW_COLUMNS).forEach(external::addFlow);
    }
    List<UnauthenticatedEndpoint> endpoints = wanted.contains(Category.MISSING_AUTH) ? auth.endpoints() : List.of();
    List<UnauthenticatedService> services =
        wanted.contains(Category.MISSING_AUTH) ? auth.servicesWithoutAuthentication() : List.of();
    List<ExternalDestination> egress = wanted.contains(Category.EGRESS) ? external.egress() : List.of();
    List<ExternalDestination> plaintext =
        wanted.contains(Category.PLAINTEXT_EXTERNAL) ? external.plaintext() : List.of();
    List<SensitiveDataFinding> data = wanted.contains(Category.SENSITIVE_DATA) ? sensitive.findings() : List.of();
    return new SecurityReport(
        wanted,
        cap(endpoints, limit), endpoints.size(),
        cap(services, limit), services.size(),
        cap(egress, limit), egress.size(),
        cap(plaintext, limit), plaintext.size(),
        cap(data, limit), data.size(),
        calls.size());
  }

  /** Flows have no call-only columns: keep the window and the peer filters. */
  private static TrafficFilter flowFilter(TrafficFilter f) {
    return TrafficFilter.builder(f.window())
        .node(f.node()).namespace(f.namespace()).service(f.service()).pod(f.pod())
        .workload(f.workload()).ip(f.ip()).port(f.port())
        .build();
  }

  private static <T> List<T> cap(List<T> list, int limit) {
    return list.size() <= limit ? list : List.copyOf(list.subList(0, limit));
  }
}
