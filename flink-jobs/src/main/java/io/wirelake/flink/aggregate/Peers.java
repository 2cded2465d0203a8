package io.wirelake.flink.aggregate;

import io.wirelake.lakehouse.workload.WorkloadRef;

/**
 * Group-key parts for the two ends of a call or connection: a client is its workload where known, else its
 * address; a server its service where known, else its address and port.
 */
final class Peers {
  private Peers() {}

  static String client(WorkloadRef ref, String ip) {
    return ref.workload() != null ? "w:" + ref.namespace() + "/" + ref.workload() : "ip:" + ip;
  }

  static String server(WorkloadRef ref, String ip, int port) {
    return ref.service() != null ? "s:" + ref.namespace() + "/" + ref.service() : "ip:" + ip + ":" + port;
  }
}
