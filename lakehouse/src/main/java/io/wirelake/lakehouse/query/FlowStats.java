package io.wirelake.lakehouse.query;

/**
 * Totals and handshake percentiles of one group of L4 flows. Handshake percentiles are
 * nearest-rank over {@code handshake_rtt_us} of the flows that completed a handshake.
 *
 * @param group the group key (see {@link FlowGrouping})
 * @param resets flows closed by a reset
 */
public record FlowStats(
    String group,
    long flows,
    long resets,
    long bytesC2s,
    long bytesS2c,
    long packetsC2s,
    long packetsS2c,
    long retransmissions,
    Long tcpHandshakeP50Us,
    Long tcpHandshakeP90Us,
    Long tcpHandshakeP99Us) {}
