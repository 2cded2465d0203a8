package io.wirelake.lakehouse.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TilingTest {
  static long us(String iso) {
    return AggregateQuery.micros(Instant.parse(iso));
  }

  @Test
  void wholeDaysComeFromTheDayTable() {
    assertThat(Tiling.tiles(us("2026-11-01T00:00:00Z"), us("2026-11-08T00:00:00Z")))
        .containsExactly(new Tiling.Tile(Grain.DAY, us("2026-11-01T00:00:00Z"), us("2026-11-08T00:00:00Z")));
  }

  @Test
  void unalignedWindowUsesMinutesThenHoursThenDaysThenBack() {
    List<Tiling.Tile> tiles = Tiling.tiles(us("2026-11-01T22:58:00Z"), us("2026-11-04T01:02:30Z"));
    assertThat(tiles).containsExactly(
        new Tiling.Tile(Grain.MINUTE, us("2026-11-01T22:58:00Z"), us("2026-11-01T23:00:00Z")),
        new Tiling.Tile(Grain.HOUR, us("2026-11-01T23:00:00Z"), us("2026-11-02T00:00:00Z")),
        new Tiling.Tile(Grain.DAY, us("2026-11-02T00:00:00Z"), us("2026-11-04T00:00:00Z")),
        new Tiling.Tile(Grain.HOUR, us("2026-11-04T00:00:00Z"), us("2026-11-04T01:00:00Z")),
        // 01:02:30 is widened to the whole minute 01:03
        new Tiling.Tile(Grain.MINUTE, us("2026-11-04T01:00:00Z"), us("2026-11-04T01:03:00Z")));
  }

  @Test
  void shortWindowInsideOneHourIsMinutesOnly() {
    assertThat(Tiling.tiles(us("2026-11-01T14:00:00Z"), us("2026-11-01T14:15:00Z")))
        .containsExactly(new Tiling.Tile(Grain.MINUTE, us("2026-11-01T14:00:00Z"), us("2026-11-01T14:15:00Z")));
  }

  @Test
  void hourAlignedWindowAcrossMidnightUsesHours() {
    assertThat(Tiling.tiles(us("2026-11-01T20:00:00Z"), us("2026-11-02T04:00:00Z")))
        .containsExactly(new Tiling.Tile(Grain.HOUR, us("2026-11-01T20:00:00Z"), us("2026-11-02T04:00:00Z")));
  }
}
