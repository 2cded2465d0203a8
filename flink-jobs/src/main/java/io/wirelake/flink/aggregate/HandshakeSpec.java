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
    return String.join("\u0001", f.node(), Peers.key(f.client(), f.clientIp(), f.server(), f.serverIp(),
        f.serverPort()), String.valueOf(f.serverPort()));
  }

  @Override
  public long eventTimeMicros(L4Flow f) {
    return f.startTs();
  }

  @Override
  public Acc create(L4Flow first) {
    Acc a = new Acc();
    a.node = first.node();
    a.peers = Peers.of(first.client(), first.clientIp(), first.server(), first.serverIp());
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
    Peers p = a.peers;
    return new HandshakeAggregate(g, windowStart, p.clientWorkload, p.clientNamespace, p.serverService,
        p.serverNamespace, a.serverPort, a.node, p.clientIp, p.serverIp, a.flows, a.resets,
        a.sketch.percentile(50), a.sketch.percentile(90), a.sketch.percentile(99),
        a.sketch.toBytes());
  }

  /** Accumulator in keyed state. */
  static final class Acc {
    String node;
    Peers peers;
    int serverPort;
    long flows;
    long resets;
    LatencySketch sketch;
  }
}
