package io.wirelake.lakehouse.query;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** How {@link TrafficQueries#apiStats} groups API calls. */
public enum CallGrouping {
  /** The callee: {@code server_service}, else {@code server_ip:server_port}. */
  SERVICE(PeerNames::server),
  /** The callee and the operation: {@code <service> <METHOD> <route>} (path when there is no route). */
  ENDPOINT(
      row ->
          PeerNames.server(row)
              + " "
              + orDash(row.string("method"))
              + " "
              + orDash(row.string("route") != null ? row.string("route") : row.string("path"))),
  /** The callee's namespace ({@code (unknown)} while workload columns are empty). */
  NAMESPACE(row -> orUnknown(row.string("server_namespace"))),
  /** The callee's pod, else its IP. */
  POD(row -> row.string("server_pod") != null ? row.string("server_pod") : row.string("server_ip")),
  /** The callee's workload, else its service, else {@code server_ip:server_port}. */
  WORKLOAD(row -> row.string("server_workload") != null ? row.string("server_workload") : PeerNames.server(row)),
  /** The caller: client workload, service or pod, else its IP. */
  CLIENT(PeerNames::client),
  /** One group of every call: the overall figures. */
  ALL(row -> "all");

  static final List<String> COLUMNS =
      List.of(
          "server_service", "server_ip", "server_port", "method", "route", "path",
          "server_namespace", "server_pod", "server_workload", "client_workload", "client_service", "client_pod",
          "client_ip");

  private final Function<Row, String> key;

  CallGrouping(Function<Row, String> key) {
    this.key = key;
  }

  /** The group a call belongs to. */
  public String key(Row row) {
    return key.apply(row);
  }

  /** The name users write: {@code service}, {@code endpoint}, ... */
  public String argumentName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The grouping named {@code name}; {@link InvalidArgumentException} naming {@code argument} otherwise. */
  public static CallGrouping parse(String name, String argument) {
    for (CallGrouping grouping : values()) {
      if (grouping.argumentName().equalsIgnoreCase(name.trim())) {
        return grouping;
      }
    }
    throw new InvalidArgumentException(
        argument,
        "unknown grouping '" + name + "'; use one of "
            + Arrays.stream(values()).map(CallGrouping::argumentName).toList());
  }

  static String orDash(String value) {
    return value == null ? "-" : value;
  }

  static String orUnknown(String value) {
    return value == null ? "(unknown)" : value;
  }
}
