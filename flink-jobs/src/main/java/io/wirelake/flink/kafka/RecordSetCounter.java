package io.wirelake.flink.kafka;

/**
 * Counts the record batches of a record set (a Produce request's or Fetch response's {@code records} field) as
 * it streams by, keeping only the first 61 bytes of each batch: per batch its {@code records count} (magic 2) or
 * one record (a magic 0/1 message; compressed wrappers count as one: nothing is decompressed). A batch cut short
 * by the end of the set (a fetch's partial last batch), or one that does not parse, ends the count of the set.
 */
final class RecordSetCounter {
  static final int BATCH_HEADER = 61;
  private static final int LENGTH_END = 12;
  private static final int MAGIC_END = 17;
  private static final int COUNT_AT = 57;

  private long skip;
  private int have;
  private long total;
  private final byte[] header = new byte[BATCH_HEADER];
  private long records;
  private long batches;

  /** A new record set begins. */
  void start() {
    skip = 0;
    have = 0;
  }

  /** {@code n} bytes of the set at {@code p}; {@code setLeft} bytes of the set remained before them. */
  void scan(byte[] b, int p, int n, long setLeft) {
    int start = p;
    int end = p + n;
    while (p < end) {
      if (skip > 0) {
        int k = (int) Math.min(skip, end - p);
        p += k;
        skip -= k;
        continue;
      }
      int want = have < LENGTH_END ? LENGTH_END : have < MAGIC_END ? MAGIC_END : BATCH_HEADER;
      int k = Math.min(want - have, end - p);
      System.arraycopy(b, p, header, have, k);
      p += k;
      have += k;
      if (have < want) {
        continue;
      }
      long after = setLeft - (p - start); // bytes of the set after p
      if (want == LENGTH_END) {
        int len = FrameWalker.int32(header, 8);
        total = LENGTH_END + (long) len;
        if (len < MAGIC_END - LENGTH_END || len > after) {
          skipSet(after);
        }
      } else if (want == MAGIC_END) {
        int magic = header[16];
        if (magic == 0 || magic == 1) {
          records++;
          batches++;
          skip = total - MAGIC_END;
          have = 0;
        } else if (magic != 2 || total < BATCH_HEADER) {
          skipSet(after);
        }
      } else {
        records += Math.max(FrameWalker.int32(header, COUNT_AT), 0);
        batches++;
        skip = total - BATCH_HEADER;
        have = 0;
      }
    }
  }

  private void skipSet(long after) {
    skip = after;
    have = 0;
  }

  /** Records counted since the last call. */
  long takeRecords() {
    long r = records;
    records = 0;
    return r;
  }

  /** Batches counted since the last call. */
  long takeBatches() {
    long r = batches;
    batches = 0;
    return r;
  }
}
