package io.wirelake.mcp;

import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.query.TimeWindowParser;
import io.wirelake.lakehouse.query.TrafficFilter;
import io.wirelake.lakehouse.security.Category;
import io.wirelake.lakehouse.security.ExternalDestination;
import io.wirelake.lakehouse.security.SecurityFindings;
import io.wirelake.lakehouse.security.SecurityReport;
import io.wirelake.lakehouse.security.SensitiveDataFinding;
import io.wirelake.lakehouse.security.UnauthenticatedEndpoint;
import io.wirelake.lakehouse.security.UnauthenticatedService;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code find_security_issues}: missing credentials, egress, plaintext HTTP out, sensitive data. */
final class SecurityIssuesTool implements WirelakeTool {

  private final SecurityFindings findings;
  private final TimeWindowParser parser;

  SecurityIssuesTool(SecurityFindings findings, TimeWindowParser parser) {
    this.findings = findings;
    this.parser = parser;
  }

  @Override
  public String name() {
    return "find_security_issues";
  }

  @Override
  public String description() {
    return "Security findings in a window of API calls: missing_auth (endpoints that most callers call with"
        + " credentials, at least 80% of 5+ calls, but some call without; plus services that never see"
        + " credentials), egress (calls and flows to servers outside the cluster, with the internal clients),"
        + " plaintext_external (http/1.1 or http/2 in clear to external servers) and sensitive_data (card"
        + " numbers, US SSNs, AWS access keys, private keys, JWTs in stored headers and bodies; values are"
        + " returned redacted only). Use get_api_call on the example ids for details.";
  }

  @Override
  public InputSchema schema() {
    return CommonArguments.window(new InputSchema())
        .string("service", "Only calls to this server: a Kubernetes service name, or ip:port.")
        .string("namespace", "Only calls where the client or the server is in this Kubernetes namespace.")
        .string("workload", "Only calls where the client or the server belongs to this workload.")
        .string("pod", "Only calls where the client or the server is this pod.")
        .string("ip", "Only calls where the client or the server has this IP address.")
        .enumArray("categories", "Which checks to run (default all): " + String.join(", ", Category.wireNames()) + ".",
            Category.wireNames())
        .integer("limit", "At most this many entries per list (default 50).", 1, 1000, 50L);
  }

  @Override
  public ToolOutput call(Arguments args) {
    TimeWindow window = CommonArguments.window(args, parser);
    Set<Category> categories = categories(args.raw("categories"));
    int limit = args.integer("limit", 1, 1000, 50);
    TrafficFilter filter = TrafficFilter.builder(window)
        .service(args.string("service"))
        .namespace(args.string("namespace"))
        .workload(args.string("workload"))
        .pod(args.string("pod"))
        .ip(args.string("ip"))
        .build();
    SecurityReport report = findings.find(filter, categories, limit);
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("window", JsonValues.window(window));
    content.put("categories", report.categories().stream().map(Category::wireName).toList());
    content.put("calls_scanned", report.callsScanned());
    if (report.categories().contains(Category.MISSING_AUTH)) {
      content.put("missing_auth", report.missingAuth().stream().map(SecurityIssuesTool::endpoint).toList());
      content.put("missing_auth_total", report.missingAuthTotal());
      content.put("services_without_auth", report.servicesWithoutAuth().stream().map(SecurityIssuesTool::service).toList());
      content.put("services_without_auth_total", report.servicesWithoutAuthTotal());
    }
    if (report.categories().contains(Category.EGRESS)) {
      content.put("egress", report.egress().stream().map(SecurityIssuesTool::destination).toList());
      content.put("egress_total", report.egressTotal());
    }
    if (report.categories().contains(Category.PLAINTEXT_EXTERNAL)) {
      content.put("plaintext_external", report.plaintextExternal().stream().map(SecurityIssuesTool::destination).toList());
      content.put("plaintext_external_total", report.plaintextExternalTotal());
    }
    if (report.categories().contains(Category.SENSITIVE_DATA)) {
      content.put("sensitive_data", report.sensitiveData().stream().map(SecurityIssuesTool::sensitive).toList());
      content.put("sensitive_data_total", report.sensitiveDataTotal());
    }
    content.put("truncated", report.truncated());
    String summary = report.missingAuthTotal() + " endpoints called without credentials, "
        + report.egressTotal() + " external destinations, " + report.plaintextExternalTotal()
        + " reached in plaintext HTTP, " + report.sensitiveDataTotal() + " sensitive values (redacted) in "
        + report.callsScanned() + " calls " + JsonValues.describe(window);
    return new ToolOutput(summary, content);
  }

  private static Set<Category> categories(Object raw) {
    if (raw == null) {
      return EnumSet.allOf(Category.class);
    }
    String allowed = "; use an array of " + String.join(", ", Category.wireNames());
    if (!(raw instanceof List<?> list) || list.isEmpty()) {
      throw new InvalidArgumentException("categories", "must be a non-empty array, was " + Arguments.describe(raw) + allowed);
    }
    Set<Category> categories = EnumSet.noneOf(Category.class);
    for (Object item : list) {
      if (!(item instanceof String name)) {
        throw new InvalidArgumentException("categories", "items must be strings, was " + Arguments.describe(item) + allowed);
      }
      categories.add(Category.byWireName(name).orElseThrow(
          () -> new InvalidArgumentException("categories", "unknown category '" + name + "'" + allowed)));
    }
    return categories;
  }

  private static Map<String, Object> endpoint(UnauthenticatedEndpoint e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("server", e.server());
    m.put("method", e.method());
    m.put("route", e.route());
    m.put("calls", e.calls());
    m.put("authenticated_calls", e.authenticatedCalls());
    m.put("unauthenticated_calls", e.unauthenticatedCalls());
    m.put("unauthenticated_callers", e.unauthenticatedCallers());
    m.put("example_call_ids", e.exampleCallIds());
    return m;
  }

  private static Map<String, Object> service(UnauthenticatedService s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("server", s.server());
    m.put("calls", s.calls());
    m.put("callers", s.callers());
    return m;
  }

  private static Map<String, Object> destination(ExternalDestination d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("destination", d.destination());
    m.put("server_service", d.serverService());
    m.put("calls", d.calls());
    m.put("flows", d.flows());
    m.put("protocols", d.protocols());
    m.put("clients", d.clients());
    m.put("example_call_ids", d.exampleCallIds());
    return m;
  }

  private static Map<String, Object> sensitive(SensitiveDataFinding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("call_id", f.callId());
    m.put("kind", f.kind());
    m.put("location", f.location());
    m.put("redacted", f.redacted());
    return m;
  }
}
