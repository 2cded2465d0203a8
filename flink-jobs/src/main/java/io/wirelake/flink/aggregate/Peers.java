package io.wirelake.flink.aggregate;

import io.wirelake.lakehouse.workload.WorkloadRef;

/**
 * The two ends of a call or connection as aggregates group them: a client is its workload (with namespace) where
 * known, else its address; a server its service (with namespace) where known, else its address. Kept in the
 * accumulators, so a plain mutable class Kryo can copy.
 */
final class Peers {
  String clientWorkload;
  String clientNamespace;
  String clientIp;
  String serverService;
  String serverNamespace;
  String serverIp;

  static Peers of(WorkloadRef client, String clientIp, WorkloadRef server, String serverIp) {
    Peers p = new Peers();
    if (client.workload() != null) {
      p.clientWorkload = client.workload();
      p.clientNamespace = client.namespace();
    } else {
      p.clientIp = clientIp;
    }
    if (server.service() != null) {
      p.serverService = server.service();
      p.serverNamespace = server.namespace();
    } else {
      p.serverIp = serverIp;
    }
    return p;
  }

  /** Group-key part naming both ends; {@code port} is part of the server where the service is unknown. */
  static String key(WorkloadRef client, String clientIp, WorkloadRef server, String serverIp, int port) {
    String c = client.workload() != null ? "w:" + client.namespace() + "/" + client.workload() : "ip:" + clientIp;
    String s = server.service() != null ? "s:" + server.namespace() + "/" + server.service()
        : "ip:" + serverIp + ":" + port;
    return c + "\u0001" + s;
  }
}
