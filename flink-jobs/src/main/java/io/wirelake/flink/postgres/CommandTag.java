package io.wirelake.flink.postgres;

/**
 * Reads a CommandComplete tag such as {@code SELECT 5}, {@code INSERT 0 1}, {@code CREATE TABLE}: the verb
 * is the tag without its trailing numbers, the row count is its last number (rows returned for SELECT,
 * FETCH, COPY; rows affected for INSERT, UPDATE, DELETE, MERGE, MOVE).
 */
final class CommandTag {
  private CommandTag() {}

  static String verb(String tag) {
    int end = tag.length();
    while (true) {
      int sp = tag.lastIndexOf(' ', end - 1);
      if (sp < 0 || !allDigits(tag, sp + 1, end)) {
        break;
      }
      end = sp;
    }
    return end == tag.length() ? tag : tag.substring(0, end);
  }

  /** The tag's row count, or -1 if it has none. */
  static long rows(String tag) {
    int sp = tag.lastIndexOf(' ');
    if (sp < 0 || sp + 1 == tag.length() || !allDigits(tag, sp + 1, tag.length()) || tag.length() - sp > 19) {
      return -1;
    }
    return Long.parseLong(tag.substring(sp + 1));
  }

  private static boolean allDigits(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
