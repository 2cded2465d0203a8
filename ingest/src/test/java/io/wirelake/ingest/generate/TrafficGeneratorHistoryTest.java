package io.wirelake.ingest.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.ingest.decode.DecodedFrame;
import io.wirelake.ingest.decode.FrameDecoder;
import io.wirelake.ingest.generate.DecodedExchanges.Exchange;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrafficGeneratorHistoryTest {

  private static final long START = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z
  private static final long DAY = GeneratorConfig.DAY_MICROS;
  private static final long HOUR = 3_600_000_000L;

  /** Two days at 40,000 requests a day, as the planted-change tests see it. */
  private static final GeneratorConfig PLANTED = GeneratorConfig.history(42, START, 2, 40_000, 8);
  private static List<Exchange> exchanges;
  private static PlantedChanges planted;

  @BeforeAll
  static void decodeThePlantedHistory() {
    TrafficGenerator generator = new TrafficGenerator(PLANTED);
    planted = generator.plantedChanges().orElseThrow();
    exchanges = DecodedExchanges.of(generator);
  }

  @Test
  void sameSeedGivesTheSameHistoryAndAnotherSeedDoesNot() throws Exception {
    GeneratorConfig config = GeneratorConfig.history(42, START, 2, 1_500, 6);

    String first = digest(new TrafficGenerator(config));
    String again = digest(new TrafficGenerator(config));
    String other = digest(new TrafficGenerator(GeneratorConfig.history(43, START, 2, 1_500, 6)));

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void historyFramesAreTimeOrderedWellFormedAndInsideTheDays() {
    GeneratorConfig config = GeneratorConfig.history(5, START, 2, 3_000, 6);
    TrafficGenerator generator = new TrafficGenerator(config);
    FrameDecoder decoder = new FrameDecoder();
    long previous = Long.MIN_VALUE;
    long syns = 0;
    while (generator.hasNext()) {
      CapturedFrame f = generator.next();
      assertThat(f.tsMicros()).isGreaterThanOrEqualTo(previous);
      previous = f.tsMicros();
      DecodedFrame d = decoder.decode(f.linkType(), f.data());
      assertThat(d).isNotNull();
      assertThat(Checksums.ipv4HeaderOk(f.data())).isTrue();
      assertThat(f.data()[23] == 17 ? Checksums.udpOk(f.data()) : Checksums.tcpOk(f.data()))
          .isTrue();
      if (f.data()[23] == 6 && (d.tcpFlags() & 0x12) == 0x02) {
        syns++;
        assertThat(f.tsMicros()).isGreaterThanOrEqualTo(START).isLessThan(START + 2 * DAY);
      }
    }
    assertThat(syns).isEqualTo(generator.summary().connections());
    assertThat(decoder.stats().tcp() + decoder.stats().udp())
        .isEqualTo(generator.summary().frames());
    assertThat(decoder.stats().udp()).isPositive();
  }

  @Test
  void requestsPerHourFollowTheTimeOfDay() {
    GeneratorConfig config = GeneratorConfig.history(7, START, 2, 20_000, 8);
    long[][] perHour = new long[2][24];
    Map<String, long[]> perServiceHour = new HashMap<>();
    List<Exchange> all = DecodedExchanges.of(new TrafficGenerator(config));
    for (Exchange e : all) {
      long offset = e.requestTs() - START;
      int hour = (int) (offset % DAY / HOUR);
      perHour[(int) (offset / DAY)][hour]++;
      perServiceHour.computeIfAbsent(e.service(), s -> new long[24])[hour]++;
    }

    assertThat((double) all.size()).isCloseTo(40_000, Percentage.withPercentage(5));
    for (long[] day : perHour) {
      long quietestAfternoon = min(day, 13, 17);
      assertThat(max(day, 1, 5)).as("night vs afternoon of %s", Arrays.toString(day))
          .isLessThan(quietestAfternoon / 2);
    }
    for (String service : List.of("frontend", "payments", "catalog", "users")) {
      long[] hours = perServiceHour.get(service);
      assertThat(sum(hours, 1, 5)).as(service).isLessThan(sum(hours, 13, 17) / 2);
    }
  }

  @Test
  void historyStreamsInBoundedMemoryOverShortConnections() {
    GeneratorConfig config = GeneratorConfig.history(3, START, 2, 30_000, 8);
    TrafficGenerator generator = new TrafficGenerator(config);
    FrameDecoder decoder = new FrameDecoder();
    Map<String, Long> openedAt = new HashMap<>();
    long syns = 0;
    int mostOpen = 0;
    long mostOpenedAhead = 0;
    long longest = 0;
    while (generator.hasNext()) {
      CapturedFrame f = generator.next();
      DecodedFrame d = decoder.decode(f.linkType(), f.data());
      String a = DecodedExchanges.ip(d.srcIp()) + ":" + d.srcPort();
      String b = DecodedExchanges.ip(d.dstIp()) + ":" + d.dstPort();
      String key = a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
      if ((d.tcpFlags() & 0x12) == 0x02) {
        syns++;
        openedAt.put(key, f.tsMicros());
        mostOpenedAhead = Math.max(mostOpenedAhead, generator.summary().connections() - syns);
      } else if ((d.tcpFlags() & 0x05) != 0 && openedAt.containsKey(key)) {
        // The first FIN or the RST: the connection is ending.
        longest = Math.max(longest, f.tsMicros() - openedAt.remove(key));
      }
      mostOpen = Math.max(mostOpen, openedAt.size());
    }

    assertThat(generator.summary().requests()).isGreaterThan(55_000);
    assertThat(openedAt).isEmpty();
    assertThat(mostOpen).isLessThan(20);
    // One HTTP connection ahead, with the redis-cache and postgres connections it causes.
    assertThat(mostOpenedAhead).isLessThanOrEqualTo(3);
    assertThat(longest).isLessThan(10_000_000L);
  }

  @Test
  void plantedChangesStartAtTwoPmOfTheLastDayAndNameRealAddresses() {
    TrafficGenerator generator = new TrafficGenerator(PLANTED);
    Map<String, ServiceFacts> byName = new HashMap<>();
    generator.services().forEach(s -> byName.put(s.name(), s));

    assertThat(planted.sinceMicros()).isEqualTo(START + DAY + 14 * HOUR);
    assertThat(PlantedChanges.of(PLANTED)).isEqualTo(planted);
    assertThat(planted.slowTail().service()).isEqualTo(byName.get("payments"));
    assertThat(planted.errorBurst().service()).isEqualTo(byName.get("catalog"));
    assertThat(planted.errorBurst().method() + " " + planted.errorBurst().route())
        .isEqualTo("GET /api/v1/catalog/{id}");
    assertThat(planted.newCaller().caller()).isEqualTo(byName.get("checkout"));
    assertThat(planted.newCaller().callee()).isEqualTo(byName.get("users"));
    assertThat(byName.get("ingress-nginx").podIps()).containsExactly("10.244.0.2");
    assertThat(generator.services()).hasSize(12).allSatisfy(s -> assertThat(s.podIps())
        .isNotEmpty().allSatisfy(ip -> assertThat(ip)
            .startsWith(s.name().equals("kube-dns") ? "10.96." : "10.244.")));
    assertThat(new TrafficGenerator(GeneratorConfig.ofRequests(42, START, 10, 8))
        .plantedChanges()).isEmpty();
  }

  @Test
  void paymentsP99RisesSeveralFoldWhileItsP50StaysAfterTheChange() {
    long since = planted.sinceMicros();
    Predicate<Exchange> payments = e -> "payments".equals(e.service());
    long[] yesterday = latencies(payments.and(sameWindowYesterday(since)));
    long[] today = latencies(payments.and(e -> e.requestTs() >= since));
    long[] readsYesterday = latencies(payments.and(sameWindowYesterday(since))
        .and(e -> e.route().equals("/api/v1/payments/{id}")));
    long[] readsToday = latencies(payments.and(e -> e.requestTs() >= since)
        .and(e -> e.route().equals("/api/v1/payments/{id}")));

    assertThat(today.length).isGreaterThan(300);
    assertThat((double) quantile(today, 0.99)).isGreaterThan(4.0 * quantile(yesterday, 0.99));
    assertThat((double) quantile(today, 0.5)).isBetween(0.85 * quantile(yesterday, 0.5),
        1.25 * quantile(yesterday, 0.5));
    assertThat((double) quantile(readsToday, 0.99))
        .isGreaterThan(4.0 * quantile(readsYesterday, 0.99));
    long[] beforeToday = latencies(payments.and(e -> e.requestTs() >= START + DAY
        && e.requestTs() < since));
    assertThat((double) quantile(beforeToday, 0.99)).isLessThan(2.0 * quantile(yesterday, 0.99));
  }

  @Test
  void noOtherServiceP99MovesAsMuch() {
    long since = planted.sinceMicros();
    for (String service : List.of("frontend", "checkout", "catalog", "users", "cart",
        "shipping", "inventory")) {
      Predicate<Exchange> of = e -> service.equals(e.service());
      long[] yesterday = latencies(of.and(sameWindowYesterday(since)));
      long[] today = latencies(of.and(e -> e.requestTs() >= since));
      assertThat((double) quantile(today, 0.99)).as(service)
          .isLessThan(2.0 * quantile(yesterday, 0.99));
    }
  }

  @Test
  void catalogItemErrorsRiseFromAboutOneToAboutFifteenPercent() {
    long since = planted.sinceMicros();
    Predicate<Exchange> items = e -> "catalog".equals(e.service()) && e.method().equals("GET")
        && e.route().equals("/api/v1/catalog/{id}");
    Predicate<Exchange> otherCatalog = e -> "catalog".equals(e.service()) && !items.test(e);

    double before = share500(items.and(e -> e.requestTs() < since));
    double after = share500(items.and(e -> e.requestTs() >= since));

    assertThat(count(items.and(e -> e.requestTs() >= since))).isGreaterThan(150);
    assertThat(before).isLessThan(0.04);
    assertThat(after).isBetween(0.10, 0.22);
    assertThat(share500(otherCatalog.and(e -> e.requestTs() >= since))).isLessThan(0.05);
  }

  @Test
  void checkoutCallsUsersOnlyFromTheChangeOn() {
    long since = planted.sinceMicros();
    Set<String> checkoutPods = new HashSet<>(planted.newCaller().caller().podIps());
    Set<String> usersPods = new HashSet<>(planted.newCaller().callee().podIps());
    Predicate<Exchange> newCalls = e -> checkoutPods.contains(e.clientIp())
        && usersPods.contains(e.serverIp());

    assertThat(count(newCalls.and(e -> e.requestTs() < since))).isZero();
    assertThat(count(newCalls.and(e -> e.requestTs() >= since))).isGreaterThan(100);
    assertThat(exchanges.stream().filter(newCalls)).allSatisfy(e -> assertThat(e.service())
        .isEqualTo("users"));
    // users had callers all along, just not checkout.
    assertThat(count(e -> usersPods.contains(e.serverIp()) && e.requestTs() < since))
        .isGreaterThan(1_000);
  }

  @Test
  void rejectsHistoriesThatCannotHoldThePlantedChanges() {
    assertThatThrownBy(() -> GeneratorConfig.history(1, START, 2, 1_000, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 5");
    assertThatThrownBy(() -> GeneratorConfig.history(1, START + HOUR, 2, 1_000, 8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("midnight");
    assertThatThrownBy(() -> GeneratorConfig.history(1, START, 0, 1_000, 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PlantedChanges.of(GeneratorConfig.ofRequests(1, START, 10, 8)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Predicate<Exchange> sameWindowYesterday(long since) {
    return e -> e.requestTs() >= since - DAY && e.requestTs() < START + DAY;
  }

  private static long[] latencies(Predicate<Exchange> which) {
    return exchanges.stream().filter(which).mapToLong(Exchange::latency).sorted().toArray();
  }

  /** Nearest-rank quantile of sorted values. */
  private static long quantile(long[] sorted, double q) {
    return sorted[(int) Math.ceil(q * sorted.length) - 1];
  }

  private static long count(Predicate<Exchange> which) {
    return exchanges.stream().filter(which).count();
  }

  private static double share500(Predicate<Exchange> which) {
    return (double) count(which.and(e -> e.status() == 500)) / count(which);
  }

  private static long max(long[] values, int from, int to) {
    long m = Long.MIN_VALUE;
    for (int i = from; i <= to; i++) {
      m = Math.max(m, values[i]);
    }
    return m;
  }

  private static long min(long[] values, int from, int to) {
    long m = Long.MAX_VALUE;
    for (int i = from; i <= to; i++) {
      m = Math.min(m, values[i]);
    }
    return m;
  }

  private static long sum(long[] values, int from, int to) {
    long s = 0;
    for (int i = from; i <= to; i++) {
      s += values[i];
    }
    return s;
  }

  private static String digest(TrafficGenerator generator) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    ByteBuffer header = ByteBuffer.allocate(16);
    generator.generate(f -> {
      header.clear();
      header.putLong(f.tsMicros()).putInt(f.linkType()).putInt(f.origLen());
      sha.update(header.array());
      sha.update(f.iface().getBytes(StandardCharsets.UTF_8));
      sha.update(f.data());
    });
    return HexFormat.of().formatHex(sha.digest());
  }
}
