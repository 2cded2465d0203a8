package io.wirelake.lakehouse.security;

import java.util.List;
import java.util.TreeSet;

/** Keeps the smallest five strings offered, so examples do not depend on scan order. */
final class FirstFive {

  static final int SIZE = 5;

  private final TreeSet<String> values = new TreeSet<>();

  void offer(String value) {
    if (value == null) {
      return;
    }
    values.add(value);
    if (values.size() > SIZE) {
      values.pollLast();
    }
  }

  List<String> toList() {
    return List.copyOf(values);
  }
}
