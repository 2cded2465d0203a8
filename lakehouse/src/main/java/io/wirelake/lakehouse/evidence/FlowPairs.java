package io.wirelake.lakehouse.evidence;

import java.util.Set;
import java.util.TreeSet;

/**
 * The flows a context filter selected, by their two endpoints regardless of direction, and the
 * addresses involved (for pruning the segment scan).
 */
final class FlowPairs {

  private final Set<String> pairs = new TreeSet<>();
  private final Set<String> ips = new TreeSet<>();

  void add(String ipA, Object portA, String ipB, Object portB) {
    pairs.add(key(ipA, portA, ipB, portB));
    ips.add(ipA);
    ips.add(ipB);
  }

  boolean contains(String ipA, Object portA, String ipB, Object portB) {
    return pairs.contains(key(ipA, portA, ipB, portB));
  }

  Set<String> ips() {
    return ips;
  }

  int size() {
    return pairs.size();
  }

  private static String key(String ipA, Object portA, String ipB, Object portB) {
    String a = ipA + "|" + portA;
    String b = ipB + "|" + portB;
    return a.compareTo(b) <= 0 ? a + "/" + b : b + "/" + a;
  }
}
