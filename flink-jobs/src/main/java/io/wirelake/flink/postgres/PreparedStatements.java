package io.wirelake.flink.postgres;

import java.util.ArrayDeque;
import java.util.HashMap;

/**
 * The SQL of the named prepared statements and portals of one connection (Parse / Bind), so an Execute can
 * be labelled with its statement. Bounded: beyond {@link #MAX_ENTRIES} entries or {@link #MAX_BYTES} of
 * text the oldest definitions are forgotten (their Executes then have no path).
 */
final class PreparedStatements {
  static final int MAX_ENTRIES = 256;
  static final long MAX_BYTES = 256 * 1024;

  private HashMap<String, StatementText> byName = new HashMap<>();
  private ArrayDeque<String> order = new ArrayDeque<>();
  private long bytes;

  PreparedStatements() {}

  StatementText get(String name) {
    return byName.get(name);
  }

  void put(String name, StatementText text) {
    remove(name);
    byName.put(name, text);
    order.add(name);
    bytes += text.bytes();
    while (byName.size() > MAX_ENTRIES || bytes > MAX_BYTES) {
      String oldest = order.poll();
      if (oldest == null) {
        break;
      }
      StatementText t = byName.remove(oldest);
      if (t != null) {
        bytes -= t.bytes();
      }
    }
  }

  void remove(String name) {
    StatementText t = byName.remove(name);
    if (t != null) {
      bytes -= t.bytes();
      order.remove(name);
    }
  }

  long bufferedBytes() {
    return bytes;
  }
}
