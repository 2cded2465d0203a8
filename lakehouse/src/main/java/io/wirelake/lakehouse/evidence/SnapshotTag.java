package io.wirelake.lakehouse.evidence;

import java.time.Instant;
import java.util.List;

/**
 * A named snapshot: the Iceberg tag of that name on each table that had data when it was taken.
 *
 * @param tables the tagged tables, by name
 */
public record SnapshotTag(String name, List<TaggedTable> tables) {

  public SnapshotTag {
    tables = List.copyOf(tables);
  }

  /**
   * One table's tag.
   *
   * @param table {@code net.<table>}
   * @param snapshotTime when the tagged snapshot was committed
   * @param expiresAt when snapshot expiry may drop the tag (snapshot time plus the retention);
   *     null if kept until deleted
   */
  public record TaggedTable(String table, long snapshotId, Instant snapshotTime, Instant expiresAt) {}
}
