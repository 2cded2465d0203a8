package io.wirelake.lakehouse.query;

import java.util.List;

/**
 * One page of a listing, ordered by time then id.
 *
 * @param rows the rows of this page
 * @param truncated true if more rows match after this page
 * @param nextCursor the cursor for the next page when truncated, else null
 * @param matched how many rows matched from the cursor on (this page and all later ones)
 */
public record Page(List<Row> rows, boolean truncated, String nextCursor, long matched) {

  public Page {
    rows = List.copyOf(rows);
  }
}
