package io.wirelake.lakehouse.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the tshark ground-truth CSV files beside the shared captures (no quoted commas in them). */
public final class GroundTruthCsv {
  private GroundTruthCsv() {}

  /** The rows, each by column name; blank lines are skipped. */
  public static List<Map<String, String>> rows(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String[] head = lines.get(0).split(",", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isEmpty()) {
        continue;
      }
      String[] v = line.split(",", -1);
      Map<String, String> row = new HashMap<>();
      for (int k = 0; k < head.length; k++) {
        row.put(head[k], k < v.length ? v[k] : "");
      }
      rows.add(row);
    }
    return rows;
  }

  /** tshark's epoch seconds with a fraction ("1795644307.008604000") as microseconds (rounded). */
  public static long micros(String epoch) {
    int dot = epoch.indexOf('.');
    long s = Long.parseLong(epoch.substring(0, dot));
    String frac = (epoch.substring(dot + 1) + "000000000").substring(0, 9);
    return s * 1_000_000L + Math.round(Long.parseLong(frac) / 1000.0);
  }
}
