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
 */
public record GenerationSummary(
    long frames,
    long connections,
    long requests,
    SortedMap<Integer, Long> statusCounts,
    long resets,
    long clientPayloadBytes,
    long serverPayloadBytes) {

  public GenerationSummary {
    statusCounts = Collections.unmodifiableSortedMap(new TreeMap<>(statusCounts));
  }
}
