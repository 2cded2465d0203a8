package io.wirelake.flink.groundtruth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the tshark ground-truth CSV files next to the captures (no quoting in them). */
final class GroundTruth {
  private GroundTruth() {}

  static List<Map<String, String>> csv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String[] head = lines.get(0).split(",", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isEmpty()) {
        continue;
      }
      String[] v = lines.get(i).split(",", -1);
      Map<String, String> row = new HashMap<>();
      for (int k = 0; k < head.length; k++) {
        row.put(head[k], k < v.length ? v[k] : "");
      }
      rows.add(row);
    }
    return rows;
  }

  /** "1795644307.008604000" to microseconds (rounded). */
  static long micros(String epoch) {
    int dot = epoch.indexOf('.');
    long s = Long.parseLong(epoch.substring(0, dot));
    String frac = (epoch.substring(dot + 1) + "000000000").substring(0, 9);
    long ns = Long.parseLong(frac);
    return s * 1_000_000L + Math.round(ns / 1000.0);
  }
}
