package io.wirelake.ingest.generate;

import io.wirelake.ingest.capture.CapturedFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays a pod's DNS lookups against kube-dns over UDP: a cluster service name answered with its
 * pods' A records, or an external name walked through the pod's search path (NXDOMAIN for
 * {@code <name>.default.svc.cluster.local}, {@code <name>.svc.cluster.local} and
 * {@code <name>.cluster.local}) before kube-dns forwards it upstream and answers.
 */
final class DnsLookups {

  static final String CLUSTER_ZONE = "cluster.local";
  private static final String[] SEARCH = {"default.svc.", "svc.", ""};

  private final Rng rng;
  private final FrameBuilder builder;
  private final EphemeralPorts ports;

  DnsLookups(Rng rng, FrameBuilder builder, EphemeralPorts ports) {
    this.rng = rng;
    this.builder = builder;
    this.ports = ports;
  }

  /** {@code <service>.default.svc.cluster.local}, answered with {@code podIps}. */
  PlayedConnection service(int clientIp, String service, int[] podIps, long start) {
    List<CapturedFrame> frames = new ArrayList<>(2);
    String name = service + ".default.svc." + CLUSTER_ZONE;
    int id = rng.nextInt(65_536);
    exchange(frames, clientIp, DnsMessages.query(id, name),
        DnsMessages.answer(id, name, podIps, true, 30), clusterTime(), start);
    return new PlayedConnection(Dependency.DNS, false, frames, 1, 0, 0);
  }

  /** An external {@code host} through the search path, answered with {@code addresses}. */
  PlayedConnection external(int clientIp, String host, int[] addresses, long start) {
    List<CapturedFrame> frames = new ArrayList<>(8);
    long t = start;
    for (String suffix : SEARCH) {
      String name = host + "." + suffix + CLUSTER_ZONE;
      int id = rng.nextInt(65_536);
      t = exchange(frames, clientIp, DnsMessages.query(id, name),
          DnsMessages.nxdomain(id, name, CLUSTER_ZONE), clusterTime(), t) + rng.between(5, 40);
    }
    int id = rng.nextInt(65_536);
    long upstream = Latencies.clamp(rng.logNormal(2_500, 0.6), 300, 60_000);
    exchange(frames, clientIp, DnsMessages.query(id, host),
        DnsMessages.answer(id, host, addresses, false, 60), upstream, t);
    return new PlayedConnection(Dependency.DNS, false, frames, SEARCH.length + 1, 0, 0);
  }

  /** One query from a fresh port and its response; returns the response's time. */
  private long exchange(List<CapturedFrame> frames, int clientIp, byte[] query, byte[] response,
      long serverTime, long t) {
    int port = ports.next(clientIp);
    Dependency dns = Dependency.DNS;
    byte[] out = builder.udp(clientIp, port, dns.ip(), dns.port(), rng.nextInt(65_536), query);
    frames.add(new CapturedFrame(t, 1, TcpConnection.IFACE, out, out.length));
    long answered = t + Latencies.rtt(rng, 40) + serverTime;
    byte[] in = builder.udp(dns.ip(), dns.port(), clientIp, port, rng.nextInt(65_536), response);
    frames.add(new CapturedFrame(answered, 1, TcpConnection.IFACE, in, in.length));
    return answered;
  }

  private long clusterTime() {
    return Latencies.clamp(rng.logNormal(120, 0.5), 20, 3_000);
  }
}
