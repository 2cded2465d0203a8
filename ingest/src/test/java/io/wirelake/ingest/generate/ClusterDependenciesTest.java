package io.wirelake.ingest.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.ingest.generate.DecodedDependencyCalls.Call;
import io.wirelake.schemas.WorkloadEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClusterDependenciesTest {

  private static final long START = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z
  private static final long DAY = GeneratorConfig.DAY_MICROS;
  private static final long HOUR = 3_600_000_000L;
  private static final GeneratorConfig HISTORY = GeneratorConfig.history(17, START, 2, 15_000, 8);

  private static GenerationSummary summary;
  private static List<ServiceFacts> services;
  private static DecodedDependencyCalls decoded;
  private static Map<String, String> serviceOfIp;

  @BeforeAll
  static void decodeAHistory() {
    TrafficGenerator generator = new TrafficGenerator(HISTORY);
    decoded = DecodedDependencyCalls.of(generator);
    summary = generator.summary();
    services = generator.services();
    serviceOfIp = new HashMap<>();
    services.forEach(s -> s.podIps().forEach(ip -> serviceOfIp.put(ip, s.name())));
  }

  @Test
  void sameSeedGivesTheSameHistoryWithDependencies() throws Exception {
    GeneratorConfig config = GeneratorConfig.history(8, START, 1, 4_000, 6);

    assertThat(digest(new TrafficGenerator(config))).isEqualTo(digest(new TrafficGenerator(config)));
    assertThat(new TrafficGenerator(config).generate(f -> { }).dnsQueries()).isPositive();
  }

  @Test
  void steadyTrafficStaysByteIdenticalAndHasNoDependencies() throws Exception {
    TrafficGenerator steady = new TrafficGenerator(GeneratorConfig.ofRequests(42, START, 3_000, 8));

    // Digest of the generator's output before the dependencies existed.
    assertThat(digest(steady))
        .isEqualTo("44a985fddd00e3584beea245c4e29e6efce6c3aff0b7095d828d8ad30e1715b6");
    assertThat(steady.services()).hasSize(9);
    assertThat(steady.summary().redisCommands() + steady.summary().postgresQueries()
        + steady.summary().dnsQueries()).isZero();
  }

  @Test
  void servicesNameTheDependenciesWithTheirAddresses() {
    Map<String, ServiceFacts> byName = services.stream()
        .collect(Collectors.toMap(ServiceFacts::name, s -> s));

    assertThat(services).hasSize(12);
    assertThat(byName.get("redis-cache"))
        .isEqualTo(new ServiceFacts("redis-cache", "default", 6379, List.of("10.244.7.200")));
    assertThat(byName.get("postgres"))
        .isEqualTo(new ServiceFacts("postgres", "default", 5432, List.of("10.244.4.201")));
    assertThat(byName.get("kube-dns"))
        .isEqualTo(new ServiceFacts("kube-dns", "kube-system", 53, List.of("10.96.0.10")));
    assertThat(services.stream().flatMap(s -> s.podIps().stream()).distinct().count())
        .isEqualTo(services.stream().mapToLong(s -> s.podIps().size()).sum());
  }

  @Test
  void decodedCallsPerDependencyMatchTheSummary() {
    assertThat(count("redis")).isEqualTo(summary.redisCommands()).isGreaterThan(500);
    assertThat(count("postgres")).isEqualTo(summary.postgresQueries()).isGreaterThan(300);
    assertThat(count("dns")).isEqualTo(summary.dnsQueries()).isGreaterThan(300);
    assertThat(decoded.dnsResponses).isEqualTo(summary.dnsQueries());
  }

  @Test
  void eachDependencyIsCalledByItsExpectedServices() {
    assertThat(callers("redis")).containsExactly("catalog", "checkout");
    assertThat(callers("postgres")).containsExactly("checkout", "users");
    assertThat(callers("dns")).containsExactly("frontend", "payments");
  }

  @Test
  void redisCommandsGetTheRepliesRedisGives() {
    List<Call> redis = calls("redis");
    Set<String> verbs = redis.stream().map(c -> c.request().split(" ")[0])
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> keyKinds = redis.stream().map(c -> c.request().split(" ")[1].split(":")[0])
        .collect(Collectors.toCollection(TreeSet::new));

    assertThat(verbs).containsExactly("EXPIRE", "GET", "INCR", "SET");
    assertThat(keyKinds).contains("session", "cart", "product", "counter");
    assertThat(redis).allSatisfy(c -> assertThat(c.reply()).matches(expectedReply(c.request())));
    assertThat(redis).anyMatch(c -> c.reply().startsWith("$-1@"))
        .anyMatch(c -> c.reply().startsWith("-ERR "))
        .anyMatch(c -> c.reply().startsWith("-WRONGTYPE "));
  }

  @Test
  void postgresQueriesGetResultSetsTagsOrSqlStates() {
    List<Call> postgres = calls("postgres");

    assertThat(postgres).allSatisfy(c -> {
      String reply = c.reply().substring(0, c.reply().indexOf('@'));
      if (reply.startsWith("E[")) {
        assertThat(reply).matches("E\\[(23505|40P01|57014)\\]");
      } else if (c.request().startsWith("SELECT")) {
        int rows = reply.length() - reply.replace("D", "").length();
        assertThat(reply).isEqualTo("T" + "D".repeat(rows) + "C[SELECT " + rows + "]");
      } else {
        assertThat(reply).matches("C\\[(UPDATE [01]|INSERT 0 1)\\]");
      }
    });
    assertThat(postgres).anyMatch(c -> c.request().equals(
        "SELECT id, user_id, status, total, created_at FROM orders WHERE id = "
            + c.request().replaceAll("\\D+", "")));
    assertThat(postgres).anyMatch(c -> c.reply().startsWith("E["));
  }

  @Test
  void dnsAnswersClusterNamesAndDeniesSearchPathGuessesForExternalOnes() {
    Map<String, Integer> podsOf = new HashMap<>();
    services.forEach(s -> podsOf.put(s.name() + ".default.svc.cluster.local", s.podIps().size()));
    // a pod restart halfway changes how many pods back two services: answers follow the EndpointSlices
    List<WorkloadEvent> slices = new TrafficGenerator(HISTORY).workloadEvents().stream()
        .filter(e -> e.getKind().equals("endpoints") && e.getAction().equals("modified")).toList();
    assertThat(slices).hasSize(2);

    for (Call c : calls("dns")) {
      if (podsOf.containsKey(c.request())) {
        int pods = podsOf.get(c.request());
        for (WorkloadEvent slice : slices) {
          long since = slice.getTs().getEpochSecond() * 1_000_000L + slice.getTs().getNano() / 1_000;
          if (c.request().startsWith(slice.getOwner().substring("Service/".length()) + ".") && c.ts() >= since) {
            pods = slice.getIps().size();
          }
        }
        assertThat(c.reply()).startsWith("answers=" + pods + "@");
      } else if (c.request().equals("api.stripe.com")) {
        assertThat(c.reply()).startsWith("answers=2@");
      } else {
        assertThat(c.request()).startsWith("api.stripe.com.").endsWith(".cluster.local");
        assertThat(c.reply()).isEqualTo("NXDOMAIN");
      }
    }
    assertThat(decoded.nxdomains).isEqualTo(3 * calls("dns").stream()
        .filter(c -> c.request().equals("api.stripe.com")).count()).isPositive();
  }

  @Test
  void dependenciesAnswerWithinMicrosecondsToMilliseconds() {
    for (String protocol : List.of("redis", "postgres", "dns")) {
      long[] latencies = calls(protocol).stream().filter(c -> !c.reply().equals("NXDOMAIN"))
          .mapToLong(c -> Long.parseLong(c.reply().substring(c.reply().lastIndexOf('@') + 1)))
          .sorted().toArray();
      assertThat(latencies[0]).as(protocol).isPositive();
      assertThat(latencies[latencies.length / 2]).as(protocol).isBetween(20L, 3_000L);
      assertThat(latencies[(int) (latencies.length * 0.99)]).as(protocol).isLessThan(30_000L);
    }
  }

  @Test
  void dependencyCallsFollowTheTimeOfDay() {
    for (String protocol : List.of("redis", "postgres", "dns")) {
      long night = calls(protocol).stream().filter(inHours(1, 5)).count();
      long afternoon = calls(protocol).stream().filter(inHours(13, 17)).count();
      assertThat(night).as(protocol).isLessThan(afternoon / 2);
    }
  }

  private static Predicate<Call> inHours(int from, int to) {
    return c -> {
      long hour = (c.ts() - START) % DAY / HOUR;
      return hour >= from && hour <= to;
    };
  }

  private static String expectedReply(String command) {
    switch (command.split(" ")[0]) {
      case "GET":
        return "(\\$-1|\\$\\d+|-WRONGTYPE .*)@\\d+";
      case "SET":
        return "\\+OK@\\d+";
      case "INCR":
        return "(:\\d+|-ERR value is not an integer or out of range)@\\d+";
      default:
        return ":[01]@\\d+";
    }
  }

  private static List<Call> calls(String protocol) {
    return decoded.calls.stream().filter(c -> c.protocol().equals(protocol)).toList();
  }

  private static long count(String protocol) {
    return calls(protocol).size();
  }

  private static Set<String> callers(String protocol) {
    return calls(protocol).stream().map(c -> serviceOfIp.get(c.clientIp()))
        .collect(Collectors.toCollection(TreeSet::new));
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
    return java.util.HexFormat.of().formatHex(sha.digest());
  }
}
