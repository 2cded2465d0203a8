package io.wirelake.lakehouse.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void nearestRankPicksTheCeilRankedValue() {
    long[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(Percentiles.nearestRank(ten, 50)).isEqualTo(5); // ceil(5.0) = 5th
    assertThat(Percentiles.nearestRank(ten, 90)).isEqualTo(9);
    assertThat(Percentiles.nearestRank(ten, 99)).isEqualTo(10); // ceil(9.9) = 10th
    assertThat(Percentiles.nearestRank(ten, 100)).isEqualTo(10);
    long[] three = {10, 20, 30};
    assertThat(Percentiles.nearestRank(three, 50)).isEqualTo(20); // ceil(1.5) = 2nd
    assertThat(Percentiles.nearestRank(three, 1)).isEqualTo(10);
  }

  @Test
  void noValuesHaveNoPercentile() {
    assertThat(Percentiles.nearestRank(new long[0], 50)).isNull();
  }

  @Test
  void cursorsRoundTripAndRejectGarbage() {
    PageCursor cursor = new PageCursor(1_795_960_800_123_456L, "0123456789abcdef:3");
    assertThat(PageCursor.decode(cursor.encode())).isEqualTo(cursor);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PageCursor.decode("bogus!"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("cursor:");
  }
}
