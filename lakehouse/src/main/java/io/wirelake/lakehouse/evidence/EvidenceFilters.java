package io.wirelake.lakehouse.evidence;

import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.lessThan;
import static org.apache.iceberg.expressions.Expressions.or;

import java.util.Collection;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/** The Iceberg scan filters of an {@link EvidenceQuery} for each table it reads. */
final class EvidenceFilters {

  private EvidenceFilters() {}

  /** Segments in the window matching the address filters (node, ip, port, service ip:port). */
  static Expression segments(EvidenceQuery q) {
    Expression e = window(q, "ts");
    if (q.node() != null) {
      e = and(e, equal("node", q.node()));
    }
    if (q.ip() != null) {
      e = and(e, or(equal("src_ip", q.ip()), equal("dst_ip", q.ip())));
    }
    if (q.port() != null) {
      e = and(e, or(equal("src_port", q.port()), equal("dst_port", q.port())));
    }
    String[] address = q.serviceAddress();
    if (address != null) {
      int port = Integer.parseInt(address[1]);
      e = and(e, or(
          and(equal("src_ip", address[0]), equal("src_port", port)),
          and(equal("dst_ip", address[0]), equal("dst_port", port))));
    }
    return e;
  }

  /** Segments of flows between the given addresses only: prunes files by their address metrics. */
  static Expression sourceIn(Collection<String> ips) {
    return ips.isEmpty() ? Expressions.alwaysFalse() : Expressions.in("src_ip", ips.toArray());
  }

  /** Transactions with request_ts in the window matching every filter. */
  static Expression calls(EvidenceQuery q) {
    Expression e = peers(q, window(q, "request_ts"));
    if (q.protocol() != null) {
      e = and(e, equal("protocol", q.protocol()));
    }
    if (!q.callIds().isEmpty()) {
      e = and(e, Expressions.in("id", q.callIds().toArray()));
    }
    return e;
  }

  /** Flows with start_ts in the window matching every filter (call ids do not apply). */
  static Expression flows(EvidenceQuery q) {
    Expression e = peers(q, window(q, "start_ts"));
    if (q.protocol() != null) {
      e = and(e, equal("l7_protocol", q.protocol()));
    }
    return e;
  }

  private static Expression peers(EvidenceQuery q, Expression e) {
    if (q.node() != null) {
      e = and(e, equal("node", q.node()));
    }
    if (q.namespace() != null) {
      e = and(e, eitherSide("namespace", q.namespace()));
    }
    if (q.workload() != null) {
      e = and(e, eitherSide("workload", q.workload()));
    }
    if (q.pod() != null) {
      e = and(e, eitherSide("pod", q.pod()));
    }
    if (q.ip() != null) {
      e = and(e, eitherSide("ip", q.ip()));
    }
    if (q.port() != null) {
      e = and(e, eitherSide("port", q.port()));
    }
    if (q.service() != null) {
      String[] address = q.serviceAddress();
      e = and(e, address == null
          ? equal("server_service", q.service())
          : and(equal("server_ip", address[0]), equal("server_port", Integer.parseInt(address[1]))));
    }
    return e;
  }

  private static Expression window(EvidenceQuery q, String column) {
    return and(
        greaterThanOrEqual(column, q.window().fromMicros()),
        lessThan(column, q.window().toMicros()));
  }

  private static <T> Expression eitherSide(String suffix, T value) {
    return or(equal("client_" + suffix, value), equal("server_" + suffix, value));
  }
}
