package io.wirelake.ingest.generate;

import io.wirelake.schemas.WorkloadEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes metadata of the virtual cluster, as the metadata watcher would report it: nodes with their
 * pod CIDRs, each service's pods (Deployments; StatefulSets for redis-cache and postgres), cluster IP and
 * EndpointSlice, all present from the start of the traffic; then the pod restart of the
 * {@link Cluster.Handover}, after which an address belongs to a pod of another workload.
 */
final class ClusterMetadata {
  private static final int NODES = 9; // node-0 runs the ingress and coredns, node-1..8 the services

  private final List<WorkloadEvent> events = new ArrayList<>();

  private ClusterMetadata() {}

  static List<WorkloadEvent> of(Cluster cluster, boolean dependencies, long startMicros) {
    ClusterMetadata m = new ClusterMetadata();
    for (int n = 0; n < NODES; n++) {
      m.add(startMicros, "node", "added", null, "node-" + n, List.of("192.168.0." + (10 + n)), null, Map.of(),
          null, List.of("10.244." + n + ".0/24"), List.of());
    }
    for (int i = -1; i < cluster.serviceCount(); i++) {
      ServiceFacts f = cluster.facts(i);
      String kind = "Deployment";
      m.workload(startMicros, f.namespace(), f.name(), f.name(), kind, f.podIps(), "10.96.1." + (10 + i), f.port());
    }
    if (dependencies) {
      m.workload(startMicros, "default", "redis-cache", "redis-cache", "StatefulSet",
          List.of(ServiceFacts.dotted(Dependency.REDIS.ip())), "10.96.2.1", Dependency.REDIS.port());
      m.workload(startMicros, "default", "postgres", "postgres", "StatefulSet",
          List.of(ServiceFacts.dotted(Dependency.POSTGRES.ip())), "10.96.2.2", Dependency.POSTGRES.port());
      // kube-dns is addressed by its cluster IP; coredns pods stand behind it
      m.workload(startMicros, "kube-system", "coredns", "kube-dns", "Deployment", List.of("10.244.0.3", "10.244.0.4"),
          ServiceFacts.dotted(Dependency.DNS.ip()), Dependency.DNS.port());
    }
    Cluster.Handover h = cluster.handover();
    if (h != null) {
      m.handover(cluster, h);
    }
    return List.copyOf(m.events);
  }

  /** A workload's pods, the service in front of them with its cluster IP, and its EndpointSlice. */
  private void workload(long ts, String namespace, String name, String service, String kind, List<String> podIps,
      String clusterIp, int port) {
    for (int p = 0; p < podIps.size(); p++) {
      pod(ts, "added", namespace, name, kind, p, podIps.get(p));
    }
    add(ts, "service", "added", namespace, service, List.of(clusterIp), null, Map.of("app", name), null, List.of(),
        List.of(port));
    add(ts, "endpoints", "added", namespace, slice(service), podIps, null,
        Map.of("kubernetes.io/service-name", service), "Service/" + service, List.of(), List.of(port));
  }

  private void handover(Cluster cluster, Cluster.Handover h) {
    long ts = h.atMicros();
    ServiceFacts from = cluster.facts(h.from());
    ServiceFacts to = cluster.facts(h.to());
    String reused = ServiceFacts.dotted(h.reusedIp());
    pod(ts, "deleted", from.namespace(), from.name(), "Deployment", h.position(), reused);
    pod(ts, "added", from.namespace(), from.name(), "Deployment", from.podIps().size(),
        ServiceFacts.dotted(h.replacementIp()));
    pod(ts, "added", to.namespace(), to.name(), "Deployment", to.podIps().size(), reused);
    add(ts, "endpoints", "modified", from.namespace(), slice(from.name()), ips(cluster.podIps(h.from(), ts)), null,
        Map.of("kubernetes.io/service-name", from.name()), "Service/" + from.name(), List.of(), List.of(from.port()));
    add(ts, "endpoints", "modified", to.namespace(), slice(to.name()), ips(cluster.podIps(h.to(), ts)), null,
        Map.of("kubernetes.io/service-name", to.name()), "Service/" + to.name(), List.of(), List.of(to.port()));
  }

  private void pod(long ts, String action, String namespace, String workload, String kind, int position, String ip) {
    String name = "Deployment".equals(kind)
        ? workload + "-" + hash(workload, 0x5f3759df, 10) + "-" + hash(workload, position, 5)
        : workload + "-" + position;
    String node = "node-" + ip.split("\\.")[2];
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app", workload);
    if ("Deployment".equals(kind)) {
      labels.put("pod-template-hash", hash(workload, 0x5f3759df, 10));
    }
    add(ts, "pod", action, namespace, name, "deleted".equals(action) ? List.of() : List.of(ip), node, labels,
        kind + "/" + workload, List.of(), List.of());
  }

  private void add(long ts, String kind, String action, String namespace, String name, List<String> ips,
      String node, Map<String, String> labels, String owner, List<String> cidrs, List<Integer> ports) {
    events.add(WorkloadEvent.newBuilder()
        .setTs(Instant.ofEpochSecond(0, ts * 1000)).setKind(kind).setAction(action).setNamespace(namespace)
        .setName(name).setIps(ips).setNode(node).setLabels(labels).setOwner(owner).setCidrs(cidrs).setPorts(ports)
        .build());
  }

  private static String slice(String service) {
    return service + "-" + hash(service, 7, 5);
  }

  private static List<String> ips(int[] ips) {
    List<String> out = new ArrayList<>();
    for (int ip : ips) {
      out.add(ServiceFacts.dotted(ip));
    }
    return out;
  }

  /** A name suffix as Kubernetes makes them (lowercase consonants and digits), stable for its inputs. */
  private static String hash(String name, int salt, int length) {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    long h = (name.hashCode() * 31L + salt) & 0xffffffffL;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt((int) (h % alphabet.length())));
      h = h / alphabet.length() + (h * 1103515245L + 12345) % 9973;
    }
    return sb.toString();
  }
}
