package io.wirelake.lakehouse.query;

import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.lessThan;
import static org.apache.iceberg.expressions.Expressions.lessThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.notNull;
import static org.apache.iceberg.expressions.Expressions.or;
import static org.apache.iceberg.expressions.Expressions.startsWith;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * Turns a {@link TrafficFilter} into an Iceberg scan filter: the window on the partition source
 * column (so whole hours are pruned), the rest as equality and range predicates that Iceberg
 * checks against file metrics and then row by row. User input only ever becomes literal values.
 */
final class FilterExpressions {

  /** {@code 10.0.1.5:8080} or {@code [fd00::1]:443}: a service named by its server address. */
  private static final Pattern ADDRESS = Pattern.compile("\\[?([0-9A-Fa-f.:]+?)]?:(\\d{1,5})");

  private FilterExpressions() {}

  static Expression forCalls(TrafficFilter f) {
    Expression e = common(f, "request_ts", "protocol");
    if (f.method() != null) {
      e = and(e, equal("method", f.method()));
    }
    if (f.pathPrefix() != null) {
      e = and(e, startsWith("path", f.pathPrefix()));
    }
    if (f.statusMin() != null) {
      e = and(e, greaterThanOrEqual("status", f.statusMin()));
    }
    if (f.statusMax() != null) {
      e = and(e, lessThanOrEqual("status", f.statusMax()));
    }
    if (f.minLatencyUs() != null) {
      e = and(e, greaterThanOrEqual("latency_us", f.minLatencyUs()));
    }
    if (f.maxLatencyUs() != null) {
      e = and(e, lessThanOrEqual("latency_us", f.maxLatencyUs()));
    }
    if (f.hasAuthorization() != null) {
      e = and(e, equal("has_authorization", f.hasAuthorization()));
    }
    if (f.errorsOnly()) {
      e = and(e, or(greaterThanOrEqual("status", 500), notNull("error")));
    }
    return e;
  }

  static Expression forFlows(TrafficFilter f) {
    reject(f.method(), "method");
    reject(f.pathPrefix(), "path");
    reject(f.statusMin() == null && f.statusMax() == null ? null : f.statusMin(), "status");
    reject(f.minLatencyUs() == null && f.maxLatencyUs() == null ? null : 0, "latency");
    reject(f.hasAuthorization(), "has_authorization");
    reject(f.errorsOnly() ? Boolean.TRUE : null, "errors_only");
    return common(f, "start_ts", "l7_protocol");
  }

  private static Expression common(TrafficFilter f, String timeColumn, String protocolColumn) {
    Expression e =
        and(
            greaterThanOrEqual(timeColumn, f.window().fromMicros()),
            lessThan(timeColumn, f.window().toMicros()));
    if (f.node() != null) {
      e = and(e, equal("node", f.node()));
    }
    if (f.namespace() != null) {
      e = and(e, eitherSide("namespace", f.namespace()));
    }
    if (f.service() != null) {
      e = and(e, service(f.service()));
    }
    if (f.pod() != null) {
      e = and(e, eitherSide("pod", f.pod()));
    }
    if (f.workload() != null) {
      e = and(e, eitherSide("workload", f.workload()));
    }
    if (f.ip() != null) {
      e = and(e, eitherSide("ip", f.ip()));
    }
    if (f.port() != null) {
      e = and(e, equal("server_port", f.port()));
    }
    if (f.protocol() != null) {
      e = and(e, equal(protocolColumn, f.protocol()));
    }
    return e;
  }

  private static Expression eitherSide(String suffix, String value) {
    return or(equal("client_" + suffix, value), equal("server_" + suffix, value));
  }

  private static Expression service(String service) {
    Matcher address = ADDRESS.matcher(service);
    if (address.matches() && address.group(1).chars().anyMatch(c -> c == '.' || c == ':')) {
      int port = Integer.parseInt(address.group(2));
      return and(equal("server_ip", address.group(1)), equal("server_port", port));
    }
    return equal("server_service", service);
  }

  private static void reject(Object value, String argument) {
    if (value != null) {
      throw new InvalidArgumentException(argument, "does not apply to L4 flows (only to API calls)");
    }
  }

  /** Matches every row: for scans without a filter. */
  static Expression all() {
    return Expressions.alwaysTrue();
  }
}
