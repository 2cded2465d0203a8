package io.wirelake.lakehouse.aggregate;

import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * Optional equality filters on aggregate rows, pushed down into the Iceberg scan. A {@code service} written as
 * {@code ip:port} matches the address columns of rows whose service is unknown.
 */
public record AggregateFilter(String service, String namespace, String protocol, String method, String route,
    String client) {

  public static final AggregateFilter NONE = new AggregateFilter(null, null, null, null, null, null);

  Expression toExpression(boolean latencyTable) {
    Expression e = Expressions.alwaysTrue();
    if (service != null) {
      int colon = service.lastIndexOf(':');
      Expression byName = Expressions.equal("server_service", service);
      if (colon > 0 && service.substring(colon + 1).chars().allMatch(Character::isDigit)
          && colon < service.length() - 1) {
        Expression byAddress = Expressions.and(
            Expressions.equal("server_ip", service.substring(0, colon)),
            Expressions.equal("server_port", Integer.parseInt(service.substring(colon + 1))));
        e = Expressions.and(e, Expressions.or(byName, byAddress));
      } else {
        e = Expressions.and(e, byName);
      }
    }
    if (namespace != null) {
      e = Expressions.and(e, Expressions.equal("server_namespace", namespace));
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
