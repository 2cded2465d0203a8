package io.wirelake.lakehouse.query;

/**
 * Which page of a listing to return: at most {@code limit} rows after the row a {@code cursor}
 * points at (null for the first page), in time order.
 *
 * @param limit rows per page, 1 to {@link #MAX_LIMIT}
 * @param cursor the {@link Page#nextCursor()} of the previous page, or null
 * @param newestFirst true to list newest first, false for oldest first
 */
public record PageRequest(int limit, String cursor, boolean newestFirst) {

  /** The largest page: listings are for reading, aggregates are for counting. */
  public static final int MAX_LIMIT = 1000;

  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidArgumentException("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
  }
}
