package io.wirelake.ingest.generate;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@link TrafficGenerator} generated, for tests to compare with what a decoder sees.
 *
 * @param frames frames emitted
 * @param connections TCP connections (one SYN each)
 * @param requests HTTP requests, each answered by one response
 * @param statusCounts responses per status code
 * @param resets connections that ended with an RST instead of FIN
 * @param clientPayloadBytes TCP payload bytes from clients to servers
 * @param serverPayloadBytes TCP payload bytes from servers to clients
 * @param redisCommands RESP commands sent to redis-cache (each answered by one reply)
 * @param postgresQueries simple Query messages sent to postgres (each answered)
 * @param dnsQueries DNS queries sent to kube-dns (each answered)
 */
public record GenerationSummary(
    long frames,
    long connections,
    long requests,
    SortedMap<Integer, Long> statusCounts,
    long resets,
    long clientPayloadBytes,
    long serverPayloadBytes,
    long redisCommands,
    long postgresQueries,
    long dnsQueries) {

  public GenerationSummary {
    statusCounts = Collections.unmodifiableSortedMap(new TreeMap<>(statusCounts));
  }

  /** A summary of HTTP traffic only, without dependencies. */
  public GenerationSummary(long frames, long connections, long requests,
      SortedMap<Integer, Long> statusCounts, long resets, long clientPayloadBytes,
      long serverPayloadBytes) {
    this(frames, connections, requests, statusCounts, resets, clientPayloadBytes,
        serverPayloadBytes, 0, 0, 0);
  }
}
