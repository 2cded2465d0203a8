package io.wirelake.lakehouse.aggregate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a window into the fewest aggregate windows that cover it exactly: whole days from the day table,
 * the hours around them from the hour table, the minutes at the edges from the minute table. The window is
 * first widened to whole minutes, the finest grain stored.
 */
final class Tiling {
  private Tiling() {}

  /** One run of aligned windows of one grain: {@code [fromMicros, toMicros)}. */
  record Tile(Grain grain, long fromMicros, long toMicros) {}

  static long alignDown(long micros) {
    return Math.floorDiv(micros, Grain.MINUTE.micros) * Grain.MINUTE.micros;
  }

  static long alignUp(long micros) {
    return -Math.floorDiv(-micros, Grain.MINUTE.micros) * Grain.MINUTE.micros;
  }

  static List<Tile> tiles(long fromMicros, long toMicros) {
    long t = alignDown(fromMicros);
    long end = alignUp(toMicros);
    List<Tile> tiles = new ArrayList<>();
    while (t < end) {
      for (Grain g : Grain.values()) {
        if (Math.floorMod(t, g.micros) != 0 || t + g.micros > end) {
          continue;
        }
        long runEnd = t + g.micros;
        Grain coarser = g.coarser();
        // extend while the next window of this grain fits, but stop where a coarser window takes over
        while (runEnd + g.micros <= end
            && !(coarser != null && Math.floorMod(runEnd, coarser.micros) == 0 && runEnd + coarser.micros <= end)) {
          runEnd += g.micros;
        }
        tiles.add(new Tile(g, t, runEnd));
        t = runEnd;
        break;
      }
    }
    return tiles;
  }
}
