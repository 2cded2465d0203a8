package io.wirelake.lakehouse.workload;

import java.util.List;

/**
 * One page of a workload or address listing.
 *
 * @param matched rows matching from the cursor on (this page and all later ones)
 * @param nextCursor the cursor for the next page when truncated, else null
 */
public record Paged<T>(List<T> rows, long matched, boolean truncated, String nextCursor) {

  public Paged {
    rows = List.copyOf(rows);
  }
}
