package io.wirelake.flink.aggregate;

/** One row of {@code l4_handshake_1m/1h/1d}: the connections of one group started in one window. */
public record HandshakeAggregate(
    Granularity granularity,
    long windowStart,
    String clientWorkload,
    String clientNamespace,
    String serverService,
    String serverNamespace,
    int serverPort,
    String node,
    String clientIp,
    String serverIp,
    long flows,
    long resets,
    Long p50Us,
    Long p90Us,
    Long p99Us,
    byte[] sketch) {}
