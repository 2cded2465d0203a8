package io.wirelake.flink.model;

/**
 * One TCP connection, a row of {@code net.l4_flows}. The client is the endpoint that sent the first SYN
 * (without a SYN, the endpoint with the higher port). Times are microseconds since the epoch; durations
 * microseconds; {@code null} where unknown (no handshake seen, for instance).
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
    String l7Protocol) {

  public static final String CLOSE_FIN = "fin";
  public static final String CLOSE_RST = "rst";
  public static final String CLOSE_TIMEOUT = "timeout";
  public static final String CLOSE_OPEN = "open";
}
