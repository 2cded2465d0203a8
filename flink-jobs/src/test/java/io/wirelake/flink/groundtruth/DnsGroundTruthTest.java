package io.wirelake.flink.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.testutil.CapturePackets;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.lakehouse.testing.GroundTruthCsv;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * dns.pcap (dnsmasq and dig, 103 queries over UDP, 7 over TCP) against tshark 4.0.17's {@code dns.dns.csv},
 * {@code dns.streams.csv} and {@code dns.expected.json}: every query once, with its name, type, response code,
 * TC flag, answer count and {@code dns.time}; the distributions; the TCP connections as l4_flows.
 */
class DnsGroundTruthTest {
  static CollectingSink sink;
  static List<Map<String, String>> truth;
  static JsonNode expected;

  @BeforeAll
  static void replay() throws IOException {
    sink = GroundTruthTest.replay("dns");
    truth = GroundTruthCsv.rows(CapturePackets.capture("dns.dns.csv"));
    expected = new ObjectMapper().readTree(CapturePackets.capture("dns.expected.json").toFile());
  }

  /** transport, client port and DNS id identify a query in this capture. */
  static String key(String transport, Object clientPort, Object id) {
    return transport + "/" + clientPort + "/" + id;
  }

  static Map<String, L7Transaction> byKey() {
    return byKey(sink);
  }

  static Map<String, L7Transaction> byKey(CollectingSink sink) {
    Map<String, L7Transaction> ours = new HashMap<>();
    for (L7Transaction t : sink.transactions) {
      String k = key(t.requestHeaders().get("transport"), t.clientPort(), t.requestHeaders().get("id"));
      assertThat(ours.put(k, t)).as("duplicate row " + k).isNull();
    }
    return ours;
  }

  static long nearestRank(List<Long> sorted, double p) {
    return sorted.get((int) Math.ceil(p / 100.0 * sorted.size()) - 1);
  }

  @Test
  void everyQueryMatchesTsharkExactly() throws IOException {
    assertThat(compareQueries(sink)).isEmpty();
    assertThat(sink.transactions).hasSize(truth.size()).hasSize(110);
  }

  /** Differences between the rows and dns.dns.csv (empty when every query matches). */
  static List<String> compareQueries(CollectingSink sink) throws IOException {
    List<Map<String, String>> truth = GroundTruthCsv.rows(CapturePackets.capture("dns.dns.csv"));
    Map<String, L7Transaction> ours = byKey(sink);
    List<String> bad = new ArrayList<>();
    for (Map<String, String> t : truth) {
      String k = key(t.get("transport"), t.get("client_port"), t.get("id"));
      L7Transaction x = ours.get(k);
      if (x == null) {
        bad.add(k + " missing");
        continue;
      }
      String rcode = x.responseHeaders() == null ? null : x.responseHeaders().get("rcode");
      long want = Long.parseLong(t.get("response_time_us"));
      if (!"dns".equals(x.protocol()) || !t.get("qname").equals(x.path()) || !t.get("qtype").equals(x.method())
          || !t.get("rcode").equals(rcode) || x.latencyUs() == null || Math.abs(x.latencyUs() - want) > 1
          || x.requestTs() != GroundTruthCsv.micros(t.get("query_time_epoch"))
          || x.responseTs() != GroundTruthCsv.micros(t.get("response_time_epoch"))) {
        bad.add(k + ": want " + t.get("qname") + " " + t.get("qtype") + " " + t.get("rcode") + " " + want + "us, got "
            + x.path() + " " + x.method() + " " + rcode + " " + x.latencyUs() + "us");
      }
      boolean tc = "true".equals(x.responseHeaders().get("truncated"));
      if (tc != "1".equals(t.get("truncated")) || !t.get("answers").equals(x.responseHeaders().get("answer_count"))
          || !t.get("authority").equals(x.responseHeaders().get("authority_count"))) {
        bad.add(k + ": tc/answers/authority want " + t.get("truncated") + "/" + t.get("answers") + "/"
            + t.get("authority") + " got " + x.responseHeaders());
      }
      boolean noError = "NOERROR".equals(t.get("rcode"));
      if (x.status() == null || (x.status() == 0) != noError || (noError ? x.error() != null : !t.get("rcode").equals(x.error()))) {
        bad.add(k + ": status/error " + x.status() + "/" + x.error());
      }
      if (!t.get("server_port").equals(Integer.toString(x.serverPort()))) {
        bad.add(k + ": server port " + x.serverPort());
      }
    }
    if (sink.transactions.size() != truth.size()) {
      bad.add("dns transaction rows: want " + truth.size() + " got " + sink.transactions.size());
    }
    return bad;
  }

  @Test
  void distributionsMatchExpectedJson() {
    JsonNode dns = expected.get("dns");
    Map<String, Integer> rcodes = new TreeMap<>();
    Map<String, Integer> qtypes = new TreeMap<>();
    Map<String, Integer> transports = new TreeMap<>();
    List<Long> latencies = new ArrayList<>();
    int truncated = 0;
    int answerRecords = 0;
    for (L7Transaction t : sink.transactions) {
      rcodes.merge(t.responseHeaders().get("rcode"), 1, Integer::sum);
      qtypes.merge(t.method(), 1, Integer::sum);
      transports.merge(t.requestHeaders().get("transport"), 1, Integer::sum);
      latencies.add(t.latencyUs());
      truncated += "true".equals(t.responseHeaders().get("truncated")) ? 1 : 0;
      answerRecords += Integer.parseInt(t.responseHeaders().get("answer_count"));
    }
    assertThat(rcodes).isEqualTo(Map.of("NOERROR", 81, "NXDOMAIN", 27, "REFUSED", 2));
    assertThat(rcodes).isEqualTo(counts(dns.get("rcode_counts")));
    assertThat(qtypes).isEqualTo(counts(dns.get("qtype_counts")));
    assertThat(transports).isEqualTo(counts(dns.get("transport_counts")));
    long udpFlows = sink.transactions.stream().filter(t -> "udp".equals(t.requestHeaders().get("transport")))
        .map(L7Transaction::flowId).distinct().count();
    assertThat(udpFlows).isEqualTo(dns.get("udp_flows").asLong());
    assertThat(truncated).isEqualTo(dns.get("truncated_responses").asInt()).isEqualTo(1);
    assertThat(answerRecords).isEqualTo(dns.get("answer_records_total").asInt());
    assertThat(sink.transactions).hasSize(dns.get("queries").asInt()).allMatch(t -> t.error() == null || t.status() != 0);

    latencies.sort(null);
    JsonNode rt = expected.get("response_time_us");
    assertThat(nearestRank(latencies, 50)).isEqualTo(rt.get("p50").asLong()).isEqualTo(673);
    assertThat(nearestRank(latencies, 90)).isEqualTo(rt.get("p90").asLong()).isEqualTo(1_610);
    assertThat(nearestRank(latencies, 99)).isEqualTo(rt.get("p99").asLong()).isEqualTo(3_072);
    assertThat(latencies.get(0)).isEqualTo(rt.get("min").asLong());
    assertThat(latencies.get(latencies.size() - 1)).isEqualTo(rt.get("max").asLong());
  }

  @Test
  void tcpConnectionsMatchStreamsAndUdpMakesNoFlows() throws IOException {
    assertThat(GroundTruthTest.compareFlows("dns", sink, true)).isEmpty();
    assertThat(sink.flows).hasSize(4).allMatch(f -> "dns".equals(f.l7Protocol()) && "fin".equals(f.closeReason()));
    Map<String, Long> perFlow = new HashMap<>();
    for (L7Transaction t : sink.transactions) {
      if ("tcp".equals(t.requestHeaders().get("transport"))) {
        perFlow.merge(t.flowId(), 1L, Long::sum);
      }
    }
    // stream 0 carries 4 queries (dig +keepopen), the other three one each
    assertThat(perFlow.values()).containsExactlyInAnyOrder(4L, 1L, 1L, 1L);
    assertThat(sink.flows).allMatch(f -> perFlow.containsKey(f.flowId()));
  }

  @Test
  void answersAreSummarised() {
    Map<String, L7Transaction> ours = byKey();
    // udp stream 9: jenkins AAAA is a CNAME to ci, which has fd77::21; stream 36: SRV; 37: zone TXT
    assertThat(ours.get(key("udp", 38240, 19801)).responseHeaders().get("answers"))
        .isEqualTo("CNAME ci.lab.test, AAAA fd77::21");
    assertThat(ours.get(key("udp", 45542, 62282)).responseHeaders().get("answers"))
        .contains("SRV 5 50 22 build.lab.test").contains("SRV 5 50 22 ci.lab.test");
    assertThat(ours.get(key("udp", 33816, 22763)).responseHeaders().get("answers")).isEqualTo("TXT \"lab zone\"");
    assertThat(ours.get(key("udp", 41164, 29399)).responseHeaders().get("answers")).isEqualTo("A 10.77.1.1");
    L7Transaction refused = ours.get(key("udp", 44773, 46625));
    assertThat(refused.status()).isEqualTo(5);
    assertThat(refused.error()).isEqualTo("REFUSED");
    assertThat(refused.path()).isEqualTo("example.net");
    L7Transaction tcp = ours.get(key("tcp", 42157, 14687));
    assertThat(tcp.responseHeaders().get("answers")).startsWith("TXT \"xxx").contains("\" \"yyy");
    assertThat(tcp.ttfbUs()).isBetween(0L, tcp.latencyUs());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"http-basic", "http-reorder", "redis", "postgres",
      "redis-latency", "pgsql-latency", "http2", "grpc"})
  void claimsNoConnectionOfOtherCaptures(String name) throws IOException {
    CollectingSink other = GroundTruthTest.replay(name);
    assertThat(other.flows).noneMatch(f -> "dns".equals(f.l7Protocol()));
    assertThat(other.transactions).noneMatch(t -> "dns".equals(t.protocol()));
  }

  static Map<String, Integer> counts(JsonNode obj) {
    Map<String, Integer> m = new TreeMap<>();
    obj.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asInt()));
    return m;
  }
}
