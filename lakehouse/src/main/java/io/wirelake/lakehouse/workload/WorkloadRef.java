package io.wirelake.lakehouse.workload;

import java.io.Serializable;

/**
 * What an address was at one moment: the pod, its workload, namespace and node, and the service in front of
 * it; or a service's cluster IP; or a node. Fields are null where unknown. {@code external} is true for an
 * address outside the cluster, false inside it, null when nothing is known about the cluster at all.
 */
public record WorkloadRef(
    String namespace, String pod, String workload, String service, String node, Boolean external)
    implements Serializable {

  /** Nothing known: no Kubernetes context has been seen. */
  public static final WorkloadRef UNKNOWN = new WorkloadRef(null, null, null, null, null, null);

  /** An address outside every known and configured cluster range. */
  public static final WorkloadRef EXTERNAL = new WorkloadRef(null, null, null, null, null, true);

  /** An address inside the cluster's ranges that no object claims. */
  public static final WorkloadRef UNCLAIMED = new WorkloadRef(null, null, null, null, null, false);

  /** True when a pod, service or node claims the address. */
  public boolean isKnown() {
    return pod != null || service != null || node != null;
  }
}
