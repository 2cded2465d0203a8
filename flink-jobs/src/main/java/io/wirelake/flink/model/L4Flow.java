package io.wirelake.flink.model;

import io.wirelake.lakehouse.workload.WorkloadRef;

/**
 * One TCP connection, a row of {@code net.l4_flows}. The client is the endpoint that sent the first SYN
 * (without a SYN, the endpoint with the higher port). Times are microseconds since the epoch; durations
 * microseconds; {@code null} where unknown (no handshake seen, for instance). {@code client} and
 * {@code server} say which workloads the endpoints were at the flow's start; {@link WorkloadRef#UNKNOWN} until
 * the Kubernetes context is attached.
 */
public record L4Flow(
    String flowId,
    String node,
    String clientIp,
    int clientPort,
    String serverIp,
    int serverPort,
    long startTs,
    long endTs,
    Long synToSynackUs,
    Long handshakeRttUs,
    long bytesC2s,
    long bytesS2c,
    long packetsC2s,
    long packetsS2c,
    int retransmissions,
    int outOfOrder,
    String closeReason,
    String l7Protocol,
    WorkloadRef client,
    WorkloadRef server) {

  /** A flow without Kubernetes context yet, as reassembly produces it. */
  public L4Flow(String flowId, String node, String clientIp, int clientPort, String serverIp, int serverPort,
      long startTs, long endTs, Long synToSynackUs, Long handshakeRttUs, long bytesC2s, long bytesS2c,
      long packetsC2s, long packetsS2c, int retransmissions, int outOfOrder, String closeReason, String l7Protocol) {
    this(flowId, node, clientIp, clientPort, serverIp, serverPort, startTs, endTs, synToSynackUs, handshakeRttUs,
        bytesC2s, bytesS2c, packetsC2s, packetsS2c, retransmissions, outOfOrder, closeReason, l7Protocol,
        WorkloadRef.UNKNOWN, WorkloadRef.UNKNOWN);
  }

  /** This flow with its endpoints' workloads. */
  public L4Flow withWorkloads(WorkloadRef clientRef, WorkloadRef serverRef) {
    return new L4Flow(flowId, node, clientIp, clientPort, serverIp, serverPort, startTs, endTs, synToSynackUs,
        handshakeRttUs, bytesC2s, bytesS2c, packetsC2s, packetsS2c, retransmissions, outOfOrder, closeReason,
        l7Protocol, clientRef, serverRef);
  }

  public static final String CLOSE_FIN = "fin";
  public static final String CLOSE_RST = "rst";
  public static final String CLOSE_TIMEOUT = "timeout";
  public static final String CLOSE_OPEN = "open";
}
