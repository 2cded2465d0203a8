package io.wirelake.lakehouse.query;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** How {@link TrafficQueries#flowStats} groups L4 flows. */
public enum FlowGrouping {
  /** The server's pod, else its IP. */
  POD(row -> row.string("server_pod") != null ? row.string("server_pod") : row.string("server_ip")),
  /** The server's service, else {@code server_ip:server_port}. */
  SERVICE(PeerNames::server),
  /** The server's workload, else its service, else {@code server_ip:server_port}. */
  WORKLOAD(row -> row.string("server_workload") != null ? row.string("server_workload") : PeerNames.server(row)),
  /** The server's namespace ({@code (unknown)} while workload columns are empty). */
  NAMESPACE(row -> CallGrouping.orUnknown(row.string("server_namespace"))),
  /** The node that captured the flow. */
  NODE(row -> row.string("node")),
  /** The server address {@code server_ip:server_port}, whatever the workload columns say. */
  SERVER(row -> PeerNames.address(row.string("server_ip"), row.intValue("server_port"))),
  /** The client: workload, service or pod, else its IP. */
  CLIENT(PeerNames::client),
  /** One group of every flow: the overall figures. */
  ALL(row -> "all");

  static final List<String> COLUMNS =
      List.of(
          "server_pod", "server_ip", "server_port", "server_service", "server_namespace", "server_workload", "node",
          "client_workload", "client_service", "client_pod", "client_ip");

  private final Function<Row, String> key;

  FlowGrouping(Function<Row, String> key) {
    this.key = key;
  }

  /** The group a flow belongs to. */
  public String key(Row row) {
    return key.apply(row);
  }

  /** The name users write: {@code pod}, {@code service}, ... */
  public String argumentName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The grouping named {@code name}; {@link InvalidArgumentException} naming {@code argument} otherwise. */
  public static FlowGrouping parse(String name, String argument) {
    for (FlowGrouping grouping : values()) {
      if (grouping.argumentName().equalsIgnoreCase(name.trim())) {
        return grouping;
      }
    }
    throw new InvalidArgumentException(
        argument,
        "unknown grouping '" + name + "'; use one of "
            + Arrays.stream(values()).map(FlowGrouping::argumentName).toList());
  }
}
