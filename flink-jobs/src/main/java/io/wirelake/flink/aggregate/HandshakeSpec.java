package io.wirelake.flink.aggregate;

import io.wirelake.flink.model.L4Flow;
import io.wirelake.lakehouse.sketch.LatencySketch;

/**
 * Handshake aggregates of TCP connections, grouped by client, server and port and node, in the window of
 * their start. Client and server are workload and service where Kubernetes context names them, as for
 * latency; otherwise their addresses.
 */
final class HandshakeSpec implements AggregationSpec<L4Flow, HandshakeSpec.Acc, HandshakeAggregate> {
  private static final long serialVersionUID = 1L;

  static String groupKey(L4Flow f) {
    return String.join("\u0001", f.node(), Peers.client(f.client(), f.clientIp()),
        Peers.server(f.server(), f.serverIp(), f.serverPort()), String.valueOf(f.serverPort()));
  }

  @Override
  public long eventTimeMicros(L4Flow f) {
    return f.startTs();
  }

  @Override
  public Acc create(L4Flow first) {
    Acc a = new Acc();
    a.node = first.node();
    if (first.client().workload() != null) {
      a.clientWorkload = first.client().workload();
      a.clientNamespace = first.client().namespace();
    } else {
      a.clientIp = first.clientIp();
    }
    if (first.server().service() != null) {
      a.serverService = first.server().service();
      a.serverNamespace = first.server().namespace();
    } else {
      a.serverIp = first.serverIp();
    }
    a.serverPort = first.serverPort();
    a.sketch = LatencySketch.empty();
    add(a, first);
    return a;
  }

  @Override
  public void add(Acc a, L4Flow f) {
    a.flows++;
    if (L4Flow.CLOSE_RST.equals(f.closeReason())) {
      a.resets++;
    }
    if (f.handshakeRttUs() != null) {
      a.sketch.add(f.handshakeRttUs());
    }
  }

  @Override
  public HandshakeAggregate result(Acc a, Granularity g, long windowStart) {
    return new HandshakeAggregate(g, windowStart, a.clientWorkload, a.clientNamespace, a.serverService,
        a.serverNamespace, a.serverPort, a.node, a.clientIp,
        a.serverIp, a.flows, a.resets, a.sketch.percentile(50), a.sketch.percentile(90), a.sketch.percentile(99),
        a.sketch.toBytes());
  }

  /** Accumulator in keyed state. */
  static final class Acc {
    String node;
    String clientWorkload;
    String clientNamespace;
    String serverService;
    String serverNamespace;
    String clientIp;
    String serverIp;
    int serverPort;
    long flows;
    long resets;
    LatencySketch sketch;
  }
}
