package io.wirelake.lakehouse.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Now is Wednesday 2026-11-25T10:30Z throughout. */
class TimeWindowParserTest {

  static final Instant NOW = Instant.parse("2026-11-25T10:30:00Z");
  static final TimeWindowParser PARSER = new TimeWindowParser(Clock.fixed(NOW, ZoneOffset.UTC));

  static TimeWindow parse(String from, String to) {
    return PARSER.parse(from, to, ZoneOffset.UTC);
  }

  @ParameterizedTest(name = "from={0} to={1}")
  @CsvSource(
      nullValues = "-",
      value = {
        "2026-11-24T14:00:00Z,        2026-11-24T15:00:00Z, 2026-11-24T14:00:00Z, 2026-11-24T15:00:00Z",
        "2026-11-24T14:00Z,           2026-11-24T15:00+01:00, 2026-11-24T14:00:00Z, 2026-11-24T14:00:00Z.fail",
        "2026-11-24T14:00Z/2026-11-24T15:00Z, -,            2026-11-24T14:00:00Z, 2026-11-24T15:00:00Z",
        "2026-11-24T14:00Z/PT1H,      -,                    2026-11-24T14:00:00Z, 2026-11-24T15:00:00Z",
        "PT30M/2026-11-24T15:00Z,     -,                    2026-11-24T14:30:00Z, 2026-11-24T15:00:00Z",
        "2026-11-24,                  -,                    2026-11-24T00:00:00Z, 2026-11-25T00:00:00Z",
        "2026-11-23,                  2026-11-24,           2026-11-23T00:00:00Z, 2026-11-25T00:00:00Z",
        "now-1h,                      now,                  2026-11-25T09:30:00Z, 2026-11-25T10:30:00Z",
        "-15m,                        now,                  2026-11-25T10:15:00Z, 2026-11-25T10:30:00Z",
        "now-1d12h,                   now-1d,               2026-11-23T22:30:00Z, 2026-11-24T10:30:00Z",
        "today,                       -,                    2026-11-25T00:00:00Z, 2026-11-26T00:00:00Z",
        "yesterday,                   -,                    2026-11-24T00:00:00Z, 2026-11-25T00:00:00Z",
        "last 7d,                     -,                    2026-11-18T10:30:00Z, 2026-11-25T10:30:00Z",
        "last 24h,                    -,                    2026-11-24T10:30:00Z, 2026-11-25T10:30:00Z",
        "this week,                   -,                    2026-11-23T00:00:00Z, 2026-11-30T00:00:00Z",
        "last week,                   -,                    2026-11-16T00:00:00Z, 2026-11-23T00:00:00Z",
        "2026-11-24 14:00:00,         2026-11-24T14:30,     2026-11-24T14:00:00Z, 2026-11-24T14:30:00Z",
      })
  void readsEveryAcceptedForm(String from, String to, String start, String end) {
    if (end.endsWith(".fail")) {
      // 15:00+01:00 is 14:00Z: an empty window
      assertThatThrownBy(() -> parse(from, to)).isInstanceOf(InvalidArgumentException.class);
      return;
    }
    assertThat(parse(from, to)).isEqualTo(new TimeWindow(Instant.parse(start), Instant.parse(end)));
  }

  @Test
  void missingBoundsAreOpen() {
    TimeWindow all = parse(null, null);
    assertThat(all.openStart()).isTrue();
    assertThat(all.openEnd()).isTrue();
    TimeWindow since = parse("now-1h", " ");
    assertThat(since.from()).isEqualTo(Instant.parse("2026-11-25T09:30:00Z"));
    assertThat(since.openEnd()).isTrue();
  }

  @Test
  void datesAndNamedRangesFollowTheTimeZone() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    assertThat(PARSER.parse("2026-11-24", null, berlin))
        .isEqualTo(new TimeWindow(Instant.parse("2026-11-23T23:00:00Z"), Instant.parse("2026-11-24T23:00:00Z")));
    assertThat(PARSER.parse("today", null, berlin).from()).isEqualTo(Instant.parse("2026-11-24T23:00:00Z"));
    assertThat(PARSER.parse("2026-11-24T14:00", "2026-11-24T15:00", berlin).from())
        .isEqualTo(Instant.parse("2026-11-24T13:00:00Z"));
  }

  @Test
  void invertedAndEmptyWindowsNameTheArgument() {
    assertThatThrownBy(() -> parse("2026-11-24T15:00:00Z", "2026-11-24T14:00:00Z"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("inverted")
        .extracting(e -> ((InvalidArgumentException) e).argument()).isEqualTo("to");
    assertThatThrownBy(() -> parse("now", "now")).hasMessageContaining("empty");
  }

  @Test
  void unreadableTimesNameTheArgumentAndTheAcceptedForms() {
    assertThatThrownBy(() -> parse("next tuesday", null))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("from:")
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> parse(null, "now-3x")).hasMessageStartingWith("to:").hasMessageContaining("unit");
    assertThatThrownBy(() -> parse("2026-13-45", null)).hasMessageStartingWith("from:");
    assertThatThrownBy(() -> TimeWindowParser.zone("Mars/Olympus", "tz")).hasMessageStartingWith("tz:");
  }
}
