package io.wirelake.flink.http2;

/**
 * The HPACK dynamic table (RFC 7541 section 2.3.2, 4): a FIFO of header fields, newest at index 1, whose size
 * (name + value octets + 32 per entry) stays within the maximum by evicting the oldest entries.
 */
final class HpackDynamicTable {
  static final int ENTRY_OVERHEAD = 32;

  private String[] names = new String[16];
  private String[] values = new String[16];
  /** Slot of the newest entry. */
  private int head;
  private int count;
  private int size;
  private int maxSize;

  HpackDynamicTable() {}

  HpackDynamicTable(int maxSize) {
    this.maxSize = maxSize;
  }

  int count() {
    return count;
  }

  int size() {
    return size;
  }

  int maxSize() {
    return maxSize;
  }

  /** Entry {@code i}, 1 = newest. */
  String name(int i) {
    return names[slot(i)];
  }

  String value(int i) {
    return values[slot(i)];
  }

  private int slot(int i) {
    return (head - (i - 1) + names.length) % names.length;
  }

  static int entrySize(String name, String value) {
    // names and values are ISO-8859-1 strings: one char per octet
    return name.length() + value.length() + ENTRY_OVERHEAD;
  }

  void setMaxSize(int max) {
    maxSize = max;
    evictTo(max);
  }

  void add(String name, String value) {
    int es = entrySize(name, value);
    if (es > maxSize) {
      evictTo(0); // an entry larger than the table empties it (RFC 7541 section 4.4)
      return;
    }
    evictTo(maxSize - es);
    if (count == names.length) {
      grow();
    }
    head = (head + 1) % names.length;
    names[head] = name;
    values[head] = value;
    count++;
    size += es;
  }

  private void evictTo(int target) {
    while (size > target && count > 0) {
      int s = slot(count);
      size -= entrySize(names[s], values[s]);
      names[s] = null;
      values[s] = null;
      count--;
    }
  }

  private void grow() {
    int n = names.length;
    String[] nn = new String[n * 2];
    String[] nv = new String[n * 2];
    for (int i = 1; i <= count; i++) {
      // newest first at the top of the new array: keep newest at slot count - 1, oldest at 0
      nn[count - i] = names[slot(i)];
      nv[count - i] = values[slot(i)];
    }
    names = nn;
    values = nv;
    head = count - 1;
  }
}
