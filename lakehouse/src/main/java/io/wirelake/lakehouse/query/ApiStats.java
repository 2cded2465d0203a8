package io.wirelake.lakehouse.query;

/**
 * Volume, errors and latency of one group of API calls. A call is an error if its status is 500
 * or above or if {@code error} is set (no response, gap in the response, ...). Latency
 * percentiles are nearest-rank over the calls that have a latency; null if none has.
 *
 * @param group the group key (see {@link CallGrouping})
 */
public record ApiStats(
    String group,
    long requests,
    long errors,
    double errorRate,
    Long p50Us,
    Long p90Us,
    Long p99Us,
    Long maxUs) {}
