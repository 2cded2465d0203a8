package io.wirelake.flink.aggregate;

/**
 * One row of {@code l7_latency_1m/1h/1d}: the transactions of one group in one window. A group that
 * receives transactions after its window was emitted (later than the allowed lateness) gets a further row
 * for the same window; readers merge rows of equal window and group, which sketches make exact to 1%.
 */
public record LatencyAggregate(
    Granularity granularity,
    long windowStart,
    String protocol,
    String clientWorkload,
    String clientNamespace,
    String serverService,
    String serverNamespace,
    String method,
    String route,
    String statusClass,
    String clientIp,
    String serverIp,
    Integer serverPort,
    long requests,
    long errors,
    long latencySumUs,
    Long maxUs,
    Long p50Us,
    Long p90Us,
    Long p99Us,
    byte[] sketch) {}
