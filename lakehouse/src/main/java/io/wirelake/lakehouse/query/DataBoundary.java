package io.wirelake.lakehouse.query;

import java.time.Instant;

/**
 * The oldest and newest row of one table captured by one node.
 *
 * @param table the table name, e.g. {@code l7_transactions}
 * @param oldest the earliest row time (request_ts, start_ts)
 * @param newest the latest row time
 */
public record DataBoundary(String table, String node, Instant oldest, Instant newest, long rows) {}
