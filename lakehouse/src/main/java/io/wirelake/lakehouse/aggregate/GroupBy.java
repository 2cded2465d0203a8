package io.wirelake.lakehouse.aggregate;

import java.util.Locale;
import org.apache.iceberg.data.Record;

/**
 * How aggregate rows are grouped. A service is its name where the workload is known and its address
 * ({@code ip:port}) where not; a client likewise. The aggregate tables keep the client's workload and the
 * server's service and namespace, not pods or server workloads: there is no grouping by those.
 */
public enum GroupBy {
  SERVICE,
  ENDPOINT,
  NAMESPACE,
  CLIENT,
  PROTOCOL,
  NODE,
  /** One group of everything: the overall figures. */
  ALL;

  public static GroupBy parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unknown grouping '" + name + "'");
    }
  }

  String key(Record r, boolean latencyTable) {
    switch (this) {
      case SERVICE:
        return service(r);
      case ENDPOINT:
        return service(r) + " " + orDash(r.getField("method")) + " " + orDash(r.getField("route"));
      case NAMESPACE:
        return orElse(r.getField("server_namespace"), "(unknown)");
      case CLIENT:
        return orElse(r.getField("client_workload"), r.getField("client_ip"));
      case PROTOCOL:
        return latencyTable ? String.valueOf(r.getField("protocol")) : "tcp";
      case NODE:
        return latencyTable ? "(all)" : String.valueOf(r.getField("node"));
      case ALL:
        return "all";
      default:
        throw new IllegalStateException(name());
    }
  }

  /** {@code server_service}, else {@code server_ip:server_port} (IPv6 in brackets), as raw-call groupings name it. */
  static String service(Record r) {
    Object svc = r.getField("server_service");
    if (svc != null) {
      return svc.toString();
    }
    Object ip = r.getField("server_ip");
    String host = ip != null && ip.toString().indexOf(':') >= 0 ? "[" + ip + "]" : String.valueOf(ip);
    return host + ":" + r.getField("server_port");
  }

  private static String orDash(Object v) {
    return v == null ? "-" : v.toString();
  }

  private static String orElse(Object v, Object fallback) {
    return v != null ? v.toString() : String.valueOf(fallback);
  }
}
