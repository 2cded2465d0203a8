package io.wirelake.lakehouse.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.sketch.LatencySketch;
import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.lakehouse.testing.IcebergRows;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aggregates written at minute, hour and day grain for two services over two days; the second service's
 * tail grows on the second afternoon. Queries must merge exactly the rows of their window and rank the
 * planted change first.
 */
class AggregateQueryTest {
  static final Instant DAY1 = Instant.parse("2026-11-23T00:00:00Z");
  static final Instant DAY2 = Instant.parse("2026-11-24T00:00:00Z");
  static final Instant CHANGE = Instant.parse("2026-11-24T14:00:00Z");

  @TempDir static Path data;
  static Catalog catalog;
  /** Every latency generated for "checkout" (ip 10.0.0.2:8080) after the change, for nearest-rank truth. */
  static final List<Long> checkoutAfter = new ArrayList<>();

  @BeforeAll
  static void writeTwoDaysOfAggregates() {
    catalog = CatalogFactory.open(CatalogSettings.embedded(data));
    WirelakeTables.ensureTables(catalog);
    Random r = new Random(11);
    List<Record> minutes = new ArrayList<>();
    List<Record> hours = new ArrayList<>();
    List<Record> days = new ArrayList<>();
    for (Instant day : List.of(DAY1, DAY2)) {
      for (String svc : List.of("10.0.0.1", "10.0.0.2")) {
        LatencySketch daySketch = LatencySketch.empty();
        long dayRequests = 0;
        long dayErrors = 0;
        for (int h = 0; h < 24; h++) {
          LatencySketch hourSketch = LatencySketch.empty();
          long hourRequests = 0;
          long hourErrors = 0;
          for (int m = 0; m < 60; m += 10) { // a row every ten minutes keeps the test small
            Instant w = day.plusSeconds(h * 3600L + m * 60L);
            LatencySketch s = LatencySketch.empty();
            int n = 40;
            long errors = 0;
            for (int i = 0; i < n; i++) {
              long v = (long) (1000 * Math.exp(r.nextGaussian() * 0.3));
              boolean planted = svc.equals("10.0.0.2") && !w.isBefore(CHANGE) && i % 10 == 0;
              if (planted) {
                v *= 8;
              }
              if (svc.equals("10.0.0.2") && !w.isBefore(CHANGE)) {
                checkoutAfter.add(v);
              }
              s.add(v);
              if (r.nextInt(100) == 0) {
                errors++;
              }
            }
            minutes.add(row(w, svc, n, errors, s));
            hourSketch.merge(LatencySketch.fromBytes(s.toBytes()));
            hourRequests += n;
            hourErrors += errors;
          }
          hours.add(row(day.plusSeconds(h * 3600L), svc, hourRequests, hourErrors, hourSketch));
          daySketch.merge(LatencySketch.fromBytes(hourSketch.toBytes()));
          dayRequests += hourRequests;
          dayErrors += hourErrors;
        }
        days.add(row(day, svc, dayRequests, dayErrors, daySketch));
      }
    }
    IcebergRows.append(catalog.loadTable(WirelakeTables.L7_LATENCY_1M), minutes);
    IcebergRows.append(catalog.loadTable(WirelakeTables.L7_LATENCY_1H), hours);
    IcebergRows.append(catalog.loadTable(WirelakeTables.L7_LATENCY_1D), days);
  }

  static Record row(Instant window, String ip, long requests, long errors, LatencySketch s) {
    Table t = catalog.loadTable(WirelakeTables.L7_LATENCY_1M);
    Record rec = GenericRecord.create(t.schema());
    rec.setField("window_start", IcebergRows.ts(window.toString()));
    rec.setField("protocol", "http/1.1");
    rec.setField("server_ip", ip);
    rec.setField("server_port", 8080);
    rec.setField("method", "GET");
    rec.setField("route", "/v1/items/{id}");
    rec.setField("status_class", "2xx");
    rec.setField("requests", requests);
    rec.setField("errors", errors);
    rec.setField("latency_sketch", ByteBuffer.wrap(s.toBytes()));
    return rec;
  }

  @Test
  void countsEveryRequestOnceWhateverTheTiling() {
    AggregateQuery q = new AggregateQuery(catalog);
    // 2 services x 2 days x 24 h x 6 rows x 40 requests
    assertThat(total(q.latency(DAY1, DAY2.plusSeconds(86_400), GroupBy.SERVICE, AggregateFilter.NONE)))
        .isEqualTo(2 * 2 * 24 * 6 * 40);
    // 13:30 .. 15:30 of day 2: minutes 13:30-14:00, hour 14, minutes 15:00-15:30 -> 5 hours' rows... 12 rows x 40
    assertThat(total(q.latency(Instant.parse("2026-11-24T13:30:00Z"), Instant.parse("2026-11-24T15:30:00Z"),
        GroupBy.SERVICE, new AggregateFilter("10.0.0.2:8080", null, null, null, null, null))))
        .isEqualTo(12 * 40);
  }

  @Test
  void percentilesFromMergedSketchesAreNearestRankWithinOnePercent() {
    AggregateQuery q = new AggregateQuery(catalog);
    GroupStats after = q.latency(CHANGE, DAY2.plusSeconds(86_400), GroupBy.SERVICE, AggregateFilter.NONE)
        .get("10.0.0.2:8080");
    List<Long> sorted = new ArrayList<>(checkoutAfter);
    Collections.sort(sorted);
    for (double p : new double[] {50, 90, 99}) {
      long want = sorted.get((int) Math.ceil(p / 100 * sorted.size()) - 1);
      assertThat((double) after.percentile(p)).as("p%s", p).isCloseTo(want, withPercentage(1));
    }
  }

  @Test
  void comparisonRanksThePlantedTailFirst() {
    AggregateQuery q = new AggregateQuery(catalog);
    Instant yStart = CHANGE.minusSeconds(86_400);
    Map<String, GroupStats> yesterday = q.latency(yStart, yStart.plusSeconds(4 * 3600), GroupBy.SERVICE,
        AggregateFilter.NONE);
    Map<String, GroupStats> today = q.latency(CHANGE, CHANGE.plusSeconds(4 * 3600), GroupBy.SERVICE,
        AggregateFilter.NONE);
    List<GroupChange> changes = WindowComparison.compare(yesterday, 4 * 3600, today, 4 * 3600, Metric.LATENCY);
    assertThat(changes.get(0).group()).isEqualTo("10.0.0.2:8080");
    assertThat(changes.get(0).relativeChange()).isGreaterThan(2.0);
    assertThat(Math.abs(changes.get(0).significance())).isGreaterThan(5 * Math.abs(changes.get(1).significance()));
  }

  @Test
  void repeatedQueriesAnswerTheSameWithoutSharingState() {
    AggregateQuery q = new AggregateQuery(catalog);
    Instant from = Instant.parse("2026-11-23T13:30:00Z");
    Instant to = Instant.parse("2026-11-24T15:30:00Z");
    Map<String, GroupStats> first = q.latency(from, to, GroupBy.SERVICE, AggregateFilter.NONE);
    long total = total(first);
    Long p99 = first.get("10.0.0.2:8080").percentile(99);
    // callers merge into what they get (a baseline does): the next answer must not see that
    first.values().forEach(g -> g.merge(g));
    Map<String, GroupStats> again = q.latency(from, to, GroupBy.SERVICE, AggregateFilter.NONE);
    assertThat(total(again)).isEqualTo(total);
    assertThat(again.get("10.0.0.2:8080").percentile(99)).isEqualTo(p99);
  }

  private static long total(Map<String, GroupStats> groups) {
    return groups.values().stream().mapToLong(GroupStats::count).sum();
  }
}
