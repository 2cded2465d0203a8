package io.wirelake.flink.aggregate;

import io.wirelake.flink.model.L7Transaction;
import io.wirelake.lakehouse.sketch.LatencySketch;

/**
 * Latency aggregates of transactions, grouped by protocol, client, server, method, route and status class,
 * in the window of their request time. The client is its workload (with namespace) and the server its
 * service where Kubernetes context names them, so that calls group across pods and their changing addresses;
 * otherwise they are their addresses (and the server's port).
 */
final class LatencySpec implements AggregationSpec<L7Transaction, LatencySpec.Acc, LatencyAggregate> {
  private static final long serialVersionUID = 1L;

  /** Group key of a transaction; equal keys aggregate together. */
  static String groupKey(L7Transaction t) {
    return String.join("\u0001", t.protocol(), Peers.key(t.client(), t.clientIp(), t.server(), t.serverIp(),
        t.serverPort()), String.valueOf(t.method()),
        String.valueOf(t.route()), statusClass(t));
  }

  /** 1xx..5xx for status codes; otherwise {@code error} when the transaction failed, {@code ok} when not. */
  static String statusClass(L7Transaction t) {
    Integer s = t.status();
    if (s != null && s >= 100 && s < 600) {
      return (s / 100) + "xx";
    }
    return isError(t) ? "error" : "ok";
  }

  /** A failure: an error recorded by the dissector, or a 5xx status. */
  static boolean isError(L7Transaction t) {
    return t.error() != null || (t.status() != null && t.status() >= 500 && t.status() < 600);
  }

  @Override
  public long eventTimeMicros(L7Transaction t) {
    return t.requestTs() != null ? t.requestTs() : t.responseTs();
  }

  @Override
  public Acc create(L7Transaction first) {
    Acc a = new Acc();
    a.protocol = first.protocol();
    a.method = first.method();
    a.route = first.route();
    a.statusClass = statusClass(first);
    a.peers = Peers.of(first.client(), first.clientIp(), first.server(), first.serverIp());
    // the port names the server only where its service does not
    a.serverPort = a.peers.serverService == null ? first.serverPort() : null;
    a.sketch = LatencySketch.empty();
    add(a, first);
    return a;
  }

  @Override
  public void add(Acc a, L7Transaction t) {
    a.requests++;
    if (isError(t)) {
      a.errors++;
    }
    if (t.latencyUs() != null) {
      long l = t.latencyUs();
      a.sketch.add(l);
      a.sum += l;
      a.max = a.max == null ? l : Math.max(a.max, l);
    }
  }

  @Override
  public LatencyAggregate result(Acc a, Granularity g, long windowStart) {
    Peers p = a.peers;
    return new LatencyAggregate(g, windowStart, a.protocol, p.clientWorkload, p.clientNamespace, p.serverService,
        p.serverNamespace, a.method, a.route, a.statusClass, p.clientIp, p.serverIp, a.serverPort, a.requests, a.errors, a.sum, a.max,
        atMostMax(a.sketch.percentile(50), a.max), atMostMax(a.sketch.percentile(90), a.max),
        atMostMax(a.sketch.percentile(99), a.max), a.sketch.toBytes());
  }

  /** A sketch value lies within 1% of the truth, which may be just above the exact maximum: never report that. */
  static Long atMostMax(Long percentile, Long max) {
    return percentile == null || max == null ? percentile : Math.min(percentile, max);
  }

  /** Accumulator in keyed state. */
  static final class Acc {
    String protocol;
    String method;
    String route;
    String statusClass;
    Peers peers;
    Integer serverPort;
    long requests;
    long errors;
    long sum;
    Long max;
    LatencySketch sketch;
  }
}
