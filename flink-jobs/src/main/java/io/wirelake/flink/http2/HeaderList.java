package io.wirelake.flink.http2;

/**
 * The header fields of one decoded header block, in order. Fields beyond the list size limit (RFC 7540
 * SETTINGS_MAX_HEADER_LIST_SIZE accounting: name + value + 32 octets each) are dropped and flagged.
 */
final class HeaderList {
  private String[] names = new String[16];
  private String[] values = new String[16];
  private int count;
  private long listSize;
  private int maxListSize;
  private boolean overflow;

  HeaderList(int maxListSize) {
    this.maxListSize = maxListSize;
  }

  void clear() {
    for (int i = 0; i < count; i++) {
      names[i] = null;
      values[i] = null;
    }
    count = 0;
    listSize = 0;
    overflow = false;
  }

  void add(String name, String value) {
    listSize += name.length() + value.length() + HpackDynamicTable.ENTRY_OVERHEAD;
    if (listSize > maxListSize) {
      overflow = true;
      return;
    }
    if (count == names.length) {
      names = java.util.Arrays.copyOf(names, count * 2);
      values = java.util.Arrays.copyOf(values, count * 2);
    }
    names[count] = name;
    values[count] = value;
    count++;
  }

  int size() {
    return count;
  }

  String name(int i) {
    return names[i];
  }

  String value(int i) {
    return values[i];
  }

  /** The first value of {@code name}, or null. */
  String get(String name) {
    for (int i = 0; i < count; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  /** Some fields were dropped because the list exceeded its size limit. */
  boolean overflow() {
    return overflow;
  }
}
