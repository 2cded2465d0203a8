package io.wirelake.flink.postgres;

/**
 * The frontend messages still waiting for the backend's answer, in order (the server answers strictly in
 * order), each with the transaction it belongs to. A bounded ring: {@link #add} fails when full.
 */
final class ReplyQueue {
  /** Pseudo type of a StartupMessage: answered by the first ReadyForQuery. */
  static final byte STARTUP = 0;

  private byte[] types = new byte[16];
  private PgExchange[] rows = new PgExchange[16];
  private int head;
  private int size;
  private int max;

  ReplyQueue() {}

  ReplyQueue(int max) {
    this.max = max;
  }

  boolean add(int type, PgExchange row) {
    if (size == max) {
      return false;
    }
    if (size == types.length) {
      grow();
    }
    int i = (head + size) % types.length;
    types[i] = (byte) type;
    rows[i] = row;
    size++;
    row.pending++;
    return true;
  }

  private void grow() {
    int n = Math.min(max, types.length * 2);
    byte[] t = new byte[n];
    PgExchange[] r = new PgExchange[n];
    for (int i = 0; i < size; i++) {
      t[i] = types[(head + i) % types.length];
      r[i] = rows[(head + i) % types.length];
    }
    types = t;
    rows = r;
    head = 0;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  int headType() {
    return types[head];
  }

  PgExchange headRow() {
    return rows[head];
  }

  /** Removes the head entry and returns its transaction. */
  PgExchange pop() {
    PgExchange r = rows[head];
    rows[head] = null;
    head = (head + 1) % types.length;
    size--;
    r.pending--;
    return r;
  }

  /** True if an entry of {@code type} is queued. */
  boolean contains(int type) {
    for (int i = 0; i < size; i++) {
      if (types[(head + i) % types.length] == type) {
        return true;
      }
    }
    return false;
  }

  void clear() {
    while (size > 0) {
      pop();
    }
  }
}
