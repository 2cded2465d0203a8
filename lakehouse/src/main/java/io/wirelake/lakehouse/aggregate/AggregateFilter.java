package io.wirelake.lakehouse.aggregate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * Optional equality filters on aggregate rows, pushed down into the Iceberg scan. A {@code service} written as
 * {@code ip:port} ({@code 10.0.1.5:8080}, {@code [fd00::1]:443}) matches the address columns of rows whose
 * service is unknown. {@code namespace} matches the client's or the server's namespace, as the raw-call filter
 * does; {@code client} the client's workload or, where that is unknown, its IP.
 */
public record AggregateFilter(String service, String namespace, String protocol, String method, String route,
    String client) {

  public static final AggregateFilter NONE = new AggregateFilter(null, null, null, null, null, null);

  /** {@code 10.0.1.5:8080} or {@code [fd00::1]:443}. */
  private static final Pattern ADDRESS = Pattern.compile("\\[?([0-9A-Fa-f.:]+?)]?:(\\d{1,5})");

  Expression toExpression(boolean latencyTable) {
    Expression e = Expressions.alwaysTrue();
    if (service != null) {
      Expression byName = Expressions.equal("server_service", service);
      Matcher address = ADDRESS.matcher(service);
      if (address.matches() && address.group(1).chars().anyMatch(c -> c == '.' || c == ':')) {
        Expression byAddress = Expressions.and(
            Expressions.equal("server_ip", address.group(1)),
            Expressions.equal("server_port", Integer.parseInt(address.group(2))));
        e = Expressions.and(e, Expressions.or(byName, byAddress));
      } else {
        e = Expressions.and(e, byName);
      }
    }
    if (namespace != null) {
      e = Expressions.and(e, Expressions.or(Expressions.equal("client_namespace", namespace),
          Expressions.equal("server_namespace", namespace)));
    }
    if (client != null) {
      e = Expressions.and(e, Expressions.or(Expressions.equal("client_workload", client),
          Expressions.equal("client_ip", client)));
    }
    if (latencyTable) {
      if (protocol != null) {
        e = Expressions.and(e, Expressions.equal("protocol", protocol));
      }
      if (method != null) {
        e = Expressions.and(e, Expressions.equal("method", method));
      }
      if (route != null) {
        e = Expressions.and(e, Expressions.equal("route", route));
      }
    }
    return e;
  }
}
