package io.wirelake.lakehouse.workload;

import io.wirelake.lakehouse.security.InternalNetworks;
import io.wirelake.schemas.IpAddresses;
import io.wirelake.schemas.WorkloadEvent;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who held an address when: a time-versioned index over Kubernetes {@link WorkloadEvent}s. Each event
 * carries an object's whole state from its time until that object's next event, so pod IPs reused by another
 * workload resolve to whoever had them at the moment asked about, not to today's owner. Events may be added
 * in any order; resolution is the same for the same set of events.
 *
 * <p>An address resolves, in this order, to the pod holding it (with the service whose EndpointSlice lists
 * it), to the service whose cluster IP it is, or to the node it belongs to. Because the metadata watcher
 * sees changes a little after they happen, an address no object held at time t resolves to the first
 * object that claims it within {@code lateness} after t.
 */
public final class WorkloadTimeline {
  private static final String POD = "pod";
  private static final String SERVICE = "service";
  private static final String ENDPOINTS = "endpoints";
  private static final String NODE = "node";

  private final List<String> configuredCidrs;
  private final Map<String, TreeMap<Long, WorkloadEvent>> histories = new HashMap<>();
  private final Map<String, Map<String, List<Interval>>> byKindAndIp = new HashMap<>();
  private final Map<String, Set<String>> indexedIps = new HashMap<>();
  private final Map<String, List<String>> learnedCidrs = new HashMap<>();
  private InternalNetworks cluster;

  /**
   * @param clusterCidrs address blocks of the cluster's pods and services, in addition to those learned
   *     from nodes' pod CIDRs and services' cluster IPs; may be empty
   * @throws IllegalArgumentException for a block that is not CIDR notation
   */
  public WorkloadTimeline(List<String> clusterCidrs) {
    this.configuredCidrs = List.copyOf(clusterCidrs);
    this.cluster = InternalNetworks.of(configuredCidrs);
  }

  /** Adds one event; an event repeated (same object, same time) replaces the earlier copy. */
  public void add(WorkloadEvent e) {
    String object = e.getKind() + "/" + (e.getNamespace() == null ? "" : e.getNamespace()) + "/" + e.getName();
    TreeMap<Long, WorkloadEvent> history = histories.computeIfAbsent(object, k -> new TreeMap<>());
    history.put(micros(e.getTs()), e);
    reindex(object, e.getKind(), history);
  }

  /** Adds every event. */
  public void addAll(Collection<WorkloadEvent> events) {
    events.forEach(this::add);
  }

  /** True once any event has been added or any cluster range configured. */
  public boolean knowsCluster() {
    return !histories.isEmpty() || !configuredCidrs.isEmpty();
  }

  /** What {@code ip} was at {@code tsMicros}; {@link WorkloadRef#UNKNOWN} when nothing is known at all. */
  public WorkloadRef resolve(String ip, long tsMicros, long latenessMicros) {
    String key = normalize(ip);
    WorkloadEvent pod = find(POD, key, tsMicros, latenessMicros);
    if (pod != null) {
      WorkloadEvent slice = find(ENDPOINTS, key, tsMicros, latenessMicros);
      return new WorkloadRef(pod.getNamespace(), pod.getName(), nameOf(pod.getOwner()),
          slice == null ? null : nameOf(slice.getOwner()), pod.getNode(), false);
    }
    WorkloadEvent service = find(SERVICE, key, tsMicros, latenessMicros);
    if (service != null) {
      return new WorkloadRef(service.getNamespace(), null, null, service.getName(), null, false);
    }
    WorkloadEvent node = find(NODE, key, tsMicros, latenessMicros);
    if (node != null) {
      return new WorkloadRef(null, null, null, null, node.getName(), false);
    }
    if (!knowsCluster()) {
      return WorkloadRef.UNKNOWN;
    }
    return cluster.isInternal(key) ? WorkloadRef.UNCLAIMED : WorkloadRef.EXTERNAL;
  }

  /**
   * Every holding of {@code ip} overlapping [fromMicros, toMicros), oldest first: which object of which kind
   * held it from when to when ({@code end} null while it still does).
   */
  public List<Holding> holdings(String ip, long fromMicros, long toMicros) {
    String key = normalize(ip);
    List<Holding> out = new ArrayList<>();
    for (String kind : List.of(POD, SERVICE, ENDPOINTS, NODE)) {
      for (Interval i : byKindAndIp.getOrDefault(kind, Map.of()).getOrDefault(key, List.of())) {
        if (i.start < toMicros && i.end > fromMicros) {
          out.add(new Holding(i.event, i.start, i.end == Long.MAX_VALUE ? null : i.end));
        }
      }
    }
    out.sort((a, b) -> Long.compare(a.startMicros(), b.startMicros()));
    return out;
  }

  /** One object's hold on an address: the event that gave it (its state then) and the time span. */
  public record Holding(WorkloadEvent event, long startMicros, Long endMicros) {}

  private WorkloadEvent find(String kind, String ip, long t, long lateness) {
    List<Interval> intervals = byKindAndIp.getOrDefault(kind, Map.of()).get(ip);
    if (intervals == null) {
      return null;
    }
    Interval containing = null;
    Interval upcoming = null;
    for (Interval i : intervals) {
      if (i.start <= t && t < i.end) {
        // two objects claiming one address at once (a late delete): the newer claim wins
        if (containing == null || i.start > containing.start) {
          containing = i;
        }
      } else if (i.start > t && i.start - t <= lateness && (upcoming == null || i.start < upcoming.start)) {
        upcoming = i;
      }
    }
    Interval hit = containing != null ? containing : upcoming;
    return hit == null ? null : hit.event;
  }

  private void reindex(String object, String kind, TreeMap<Long, WorkloadEvent> history) {
    Map<String, List<Interval>> index = byKindAndIp.computeIfAbsent(kind, k -> new HashMap<>());
    Set<String> ips = indexedIps.computeIfAbsent(object, k -> new HashSet<>());
    for (String ip : ips) {
      index.get(ip).removeIf(i -> i.object.equals(object));
    }
    ips.clear();
    List<Map.Entry<Long, WorkloadEvent>> events = new ArrayList<>(history.entrySet());
    for (int n = 0; n < events.size(); n++) {
      WorkloadEvent e = events.get(n).getValue();
      if ("deleted".equals(e.getAction())) {
        continue;
      }
      long end = n + 1 < events.size() ? events.get(n + 1).getKey() : Long.MAX_VALUE;
      for (String ip : e.getIps()) {
        String key = normalize(ip);
        ips.add(key);
        index.computeIfAbsent(key, k -> new ArrayList<>()).add(new Interval(object, events.get(n).getKey(), end, e));
      }
    }
    learn(object, history.lastEntry().getValue());
  }

  /** Nodes' pod CIDRs, and the /16 (IPv6 /112) around service cluster IPs, count as inside the cluster. */
  private void learn(String object, WorkloadEvent latest) {
    List<String> blocks = new ArrayList<>(latest.getCidrs());
    if (SERVICE.equals(latest.getKind())) {
      for (String ip : latest.getIps()) {
        blocks.add(ip.indexOf(':') >= 0 ? ip + "/112" : ip + "/16");
      }
    }
    if (blocks.isEmpty() && !learnedCidrs.containsKey(object)) {
      return;
    }
    learnedCidrs.put(object, blocks);
    List<String> all = new ArrayList<>(configuredCidrs);
    learnedCidrs.values().forEach(all::addAll);
    cluster = InternalNetworks.of(all);
  }

  /** An event time as microseconds since the epoch. */
  public static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  private static String nameOf(String owner) {
    if (owner == null) {
      return null;
    }
    int slash = owner.indexOf('/');
    return slash < 0 ? owner : owner.substring(slash + 1);
  }

  /** IPv6 text in RFC 5952 form, so that differently written forms of one address meet. */
  static String normalize(String ip) {
    if (ip.indexOf(':') < 0) {
      return ip;
    }
    try {
      return IpAddresses.format(InetAddress.getByName(ip).getAddress());
    } catch (UnknownHostException e) {
      return ip;
    }
  }

  private record Interval(String object, long start, long end, WorkloadEvent event) {}
}
