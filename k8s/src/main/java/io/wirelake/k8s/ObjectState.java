package io.wirelake.k8s;

import io.wirelake.schemas.WorkloadEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What wirelake keeps of one Kubernetes object: the content of a {@link WorkloadEvent} without its time and
 * action. Two states are equal exactly when an event for the second would tell a consumer nothing new, which is
 * how snapshot diffs and the watcher decide between {@code modified} and silence.
 */
record ObjectState(
    String kind, String namespace, String name, List<String> ips, String node, Map<String, String> labels,
    String owner, List<String> cidrs, List<Integer> ports) {

  static final String POD = "pod";
  static final String SERVICE = "service";
  static final String ENDPOINTS = "endpoints";
  static final String NODE = "node";

  static final String ADDED = "added";
  static final String MODIFIED = "modified";
  static final String DELETED = "deleted";

  ObjectState {
    ips = List.copyOf(ips);
    labels = Map.copyOf(labels);
    cidrs = List.copyOf(cidrs);
    ports = List.copyOf(ports);
  }

  /** The record key on the workloads topic, {@code kind/namespace/name} (namespace empty for nodes). */
  String key() {
    return kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
  }

  /** This state as an event of {@code action} at {@code ts}; a deletion holds no addresses. */
  WorkloadEvent toEvent(String action, Instant ts) {
    return WorkloadEvent.newBuilder()
        .setTs(ts)
        .setKind(kind)
        .setAction(action)
        .setNamespace(namespace)
        .setName(name)
        .setIps(DELETED.equals(action) ? new ArrayList<>() : new ArrayList<>(ips))
        .setNode(node)
        .setLabels(new LinkedHashMap<>(new TreeMap<>(labels)))
        .setOwner(owner)
        .setCidrs(new ArrayList<>(cidrs))
        .setPorts(new ArrayList<>(ports))
        .build();
  }
}
