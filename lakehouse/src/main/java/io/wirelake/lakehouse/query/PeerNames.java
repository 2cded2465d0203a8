package io.wirelake.lakehouse.query;

/**
 * How a client or a server is named in groupings and service maps: by its Kubernetes name where
 * the workload columns are filled, by its address otherwise ({@code 10.0.1.5:8080} for a server,
 * {@code 10.0.0.7} for a client). A server named {@code ip:port} can be passed back as the {@code
 * service} filter of {@link TrafficFilter}.
 */
public final class PeerNames {

  private PeerNames() {}

  /** {@code server_service}, else {@code server_ip:server_port}. */
  public static String server(Row row) {
    String service = row.string("server_service");
    return service != null ? service : address(row.string("server_ip"), row.intValue("server_port"));
  }

  /** {@code client_workload}, else {@code client_service}, else {@code client_pod}, else {@code client_ip}. */
  public static String client(Row row) {
    for (String column : new String[] {"client_workload", "client_service", "client_pod"}) {
      String name = row.string(column);
      if (name != null) {
        return name;
      }
    }
    return row.string("client_ip");
  }

  /** {@code ip:port}, with IPv6 addresses in brackets. */
  public static String address(String ip, Integer port) {
    String host = ip != null && ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
    return host + ":" + port;
  }

  /** The columns {@link #server} and {@link #client} read. */
  static final String[] COLUMNS = {
    "server_service", "server_ip", "server_port", "client_workload", "client_service", "client_pod", "client_ip"
  };
}
