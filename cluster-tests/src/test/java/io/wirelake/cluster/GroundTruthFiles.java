package io.wirelake.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The tshark ground-truth CSV files beside the shared captures (no quoted commas in them). */
final class GroundTruthFiles {
  private GroundTruthFiles() {}

  static List<Map<String, String>> csv(Path file) throws IOException {
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
}
