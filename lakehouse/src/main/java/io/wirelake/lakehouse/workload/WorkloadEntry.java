package io.wirelake.lakehouse.workload;

import java.time.Instant;
import java.util.List;

/** One row of a workload listing: a workload with its pods, or a service with its addresses and backing pods. */
public sealed interface WorkloadEntry permits WorkloadEntry.Workload, WorkloadEntry.Service {

  String namespace();

  /**
   * A workload (the owner pods resolve to) and its pods seen in the window. A pod without an owner is a
   * workload of its own: kind {@code Pod}, name null.
   *
   * @param kind {@code Deployment}, {@code StatefulSet}, {@code DaemonSet}, {@code Job}, ... or {@code Pod}
   * @param ips every address its pods held in the window
   * @param nodes every node its pods ran on
   */
  record Workload(String namespace, String name, String kind, List<Pod> pods, List<String> ips, List<String> nodes)
      implements WorkloadEntry {
    public Workload {
      pods = List.copyOf(pods);
      ips = List.copyOf(ips);
      nodes = List.copyOf(nodes);
    }
  }

  /**
   * One lifetime of a pod (a pod deleted and created again under its name is two).
   *
   * @param ips the addresses it held in the window
   * @param services the services whose EndpointSlices listed one of its addresses while it held it
   * @param since when it appeared (possibly before the window)
   * @param until when it was deleted; null if it still existed at the end of the window
   */
  record Pod(String name, List<String> ips, String node, List<String> services, Instant since, Instant until) {
    public Pod {
      ips = List.copyOf(ips);
      services = List.copyOf(services);
    }
  }

  /**
   * A service: its cluster IPs in the window and the addresses its EndpointSlices listed, with the pods that
   * held them.
   */
  record Service(String namespace, String name, List<String> clusterIps, List<Backing> backing, Instant since,
      Instant until) implements WorkloadEntry {
    public Service {
      clusterIps = List.copyOf(clusterIps);
      backing = List.copyOf(backing);
    }
  }

  /**
   * An address behind a service over a span, and the pod that held it then (null if no known pod did).
   *
   * @param until null if it lasted to the end of the window
   */
  record Backing(String ip, String pod, String workload, Instant since, Instant until) {}
}
