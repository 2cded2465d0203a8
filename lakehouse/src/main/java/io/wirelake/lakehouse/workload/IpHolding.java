package io.wirelake.lakehouse.workload;

import java.time.Instant;
import java.util.List;

/**
 * One object's hold on one address over a span: a pod (with its workload and the services whose
 * EndpointSlices listed the address meanwhile), a service's cluster IP, a node's address, or an EndpointSlice
 * entry no known pod held.
 *
 * @param ip the address, as the event wrote it
 * @param kind {@code pod}, {@code service}, {@code node} or {@code endpoints}
 * @param namespace the object's namespace; null for nodes
 * @param name the object's name (the pod, service, node or EndpointSlice)
 * @param workload for a pod, its workload's name ({@code checkout} for {@code Deployment/checkout}); else null
 * @param ownerKind for a pod, its workload's kind ({@code Deployment}, {@code StatefulSet}, ...); else null
 * @param node for a pod the node it runs on, for a node its own name; else null
 * @param services for a pod or an EndpointSlice entry, the services that listed the address during the span
 * @param since when the hold began (possibly before the window asked about)
 * @param until when it ended; null if it lasted to the end of the window asked about
 */
public record IpHolding(String ip, String kind, String namespace, String name, String workload, String ownerKind,
    String node, List<String> services, Instant since, Instant until) {

  public IpHolding {
    services = List.copyOf(services);
  }
}
