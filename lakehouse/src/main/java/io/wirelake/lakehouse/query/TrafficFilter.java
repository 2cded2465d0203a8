package io.wirelake.lakehouse.query;

import java.util.Locale;
import java.util.Objects;

/**
 * Which rows of {@code l7_transactions} or {@code l4_flows} a query reads: a time window and
 * optional equality and range filters, all pushed down into the Iceberg scan. Null means "any".
 *
 * <p>Sides: {@code namespace}, {@code pod}, {@code workload} and {@code ip} match either the
 * client or the server; {@code service} and {@code port} match the server (the callee). A {@code
 * service} written as {@code ip:port} ({@code 10.0.1.5:8080}, {@code [fd00::1]:443}) matches the
 * server address instead, which is how services are named while workload columns are empty.
 * {@code method}, {@code pathPrefix}, the status and latency ranges, {@code hasAuthorization} and
 * {@code errorsOnly} apply to transactions only.
 *
 * @param window rows whose time (request_ts, or start_ts for flows) is in this window
 * @param errorsOnly only failed transactions: status 500 or above, or {@code error} set
 */
public record TrafficFilter(
    TimeWindow window,
    String node,
    String namespace,
    String service,
    String pod,
    String workload,
    String ip,
    Integer port,
    String protocol,
    String method,
    String pathPrefix,
    Integer statusMin,
    Integer statusMax,
    Long minLatencyUs,
    Long maxLatencyUs,
    Boolean hasAuthorization,
    boolean errorsOnly) {

  public TrafficFilter {
    Objects.requireNonNull(window, "window");
    protocol = protocol == null ? null : protocol.toLowerCase(Locale.ROOT);
    method = method == null ? null : method.toUpperCase(Locale.ROOT);
  }

  /** Everything in the window. */
  public static TrafficFilter of(TimeWindow window) {
    return builder(window).build();
  }

  public static Builder builder(TimeWindow window) {
    return new Builder(window);
  }

  /** A copy with another window, e.g. to look inside one call's duration. */
  public TrafficFilter withWindow(TimeWindow other) {
    return new TrafficFilter(
        other, node, namespace, service, pod, workload, ip, port, protocol, method, pathPrefix,
        statusMin, statusMax, minLatencyUs, maxLatencyUs, hasAuthorization, errorsOnly);
  }

  /** Builds a {@link TrafficFilter}; every setter takes null for "any". */
  public static final class Builder {
    private final TimeWindow window;
    private String node;
    private String namespace;
    private String service;
    private String pod;
    private String workload;
    private String ip;
    private Integer port;
    private String protocol;
    private String method;
    private String pathPrefix;
    private Integer statusMin;
    private Integer statusMax;
    private Long minLatencyUs;
    private Long maxLatencyUs;
    private Boolean hasAuthorization;
    private boolean errorsOnly;

    private Builder(TimeWindow window) {
      this.window = window;
    }

    public Builder node(String value) {
      node = value;
      return this;
    }

    public Builder namespace(String value) {
      namespace = value;
      return this;
    }

    public Builder service(String value) {
      service = value;
      return this;
    }

    public Builder pod(String value) {
      pod = value;
      return this;
    }

    public Builder workload(String value) {
      workload = value;
      return this;
    }

    public Builder ip(String value) {
      ip = value;
      return this;
    }

    public Builder port(Integer value) {
      port = value;
      return this;
    }

    public Builder protocol(String value) {
      protocol = value;
      return this;
    }

    public Builder method(String value) {
      method = value;
      return this;
    }

    public Builder pathPrefix(String value) {
      pathPrefix = value;
      return this;
    }

    /** Status between {@code min} and {@code max}, both inclusive. */
    public Builder status(Integer min, Integer max) {
      statusMin = min;
      statusMax = max;
      return this;
    }

    /** Latency between {@code min} and {@code max} microseconds, both inclusive. */
    public Builder latencyUs(Long min, Long max) {
      minLatencyUs = min;
      maxLatencyUs = max;
      return this;
    }

    public Builder hasAuthorization(Boolean value) {
      hasAuthorization = value;
      return this;
    }

    public Builder errorsOnly(boolean value) {
      errorsOnly = value;
      return this;
    }

    public TrafficFilter build() {
      return new TrafficFilter(
          window, node, namespace, service, pod, workload, ip, port, protocol, method, pathPrefix,
          statusMin, statusMax, minLatencyUs, maxLatencyUs, hasAuthorization, errorsOnly);
    }
  }
}
