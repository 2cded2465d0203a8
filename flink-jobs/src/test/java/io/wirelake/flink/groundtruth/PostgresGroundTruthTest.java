package io.wirelake.flink.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.postgres.SqlNormalizer;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.testutil.CapturePackets;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.flink.testutil.Replay;
import io.wirelake.lakehouse.testing.GroundTruthCsv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL captures against tshark 4.0.17's ground truth: per connection the count of every message
 * type ({@code X.pgsql.csv}, summed from the rows' {@code messages} summaries), and every simple query of
 * {@code pgsql-latency} with its text, request and ReadyForQuery times, latency and SQLSTATE
 * ({@code pgsql-latency.pgsql_queries.csv}), and the latency distribution of {@code pgsql-latency.expected.json}.
 */
class PostgresGroundTruthTest {
  static final String NODE = "gt-node";

  /** tshark message type name to (direction, our summary name). */
  static final Map<String, String[]> TYPES = new LinkedHashMap<>();

  static {
    TYPES.put("Authentication request", new String[] {"s", "R"});
    TYPES.put("Backend key data", new String[] {"s", "K"});
    TYPES.put("Bind", new String[] {"c", "B"});
    TYPES.put("Bind completion", new String[] {"s", "2"});
    TYPES.put("Command completion", new String[] {"s", "C"});
    TYPES.put("Data row", new String[] {"s", "D"});
    TYPES.put("Describe", new String[] {"c", "D"});
    TYPES.put("Error", new String[] {"s", "E"});
    TYPES.put("Execute", new String[] {"c", "E"});
    TYPES.put("Parameter status", new String[] {"s", "S"});
    TYPES.put("Parse", new String[] {"c", "P"});
    TYPES.put("Parse completion", new String[] {"s", "1"});
    TYPES.put("Ready for query", new String[] {"s", "Z"});
    TYPES.put("Row description", new String[] {"s", "T"});
    TYPES.put("SSL request", new String[] {"c", "ssl"});
    TYPES.put("Simple query", new String[] {"c", "Q"});
    TYPES.put("Startup message", new String[] {"c", "startup"});
    TYPES.put("Sync", new String[] {"c", "S"});
    // "Termination" (X) ends the connection and belongs to no transaction: not derivable from rows
  }

  static CollectingSink replay(String name) throws IOException {
    return Replay.run(CapturePackets.read(CapturePackets.capture(name + ".pcap"), NODE), DissectionConfig.defaults());
  }

  /** Our rows per tcp_stream of the capture's streams.csv, in transaction order. */
  static Map<Integer, List<L7Transaction>> rowsByStream(String name, CollectingSink sink) throws IOException {
    Map<String, Integer> streamOf = new HashMap<>();
    for (Map<String, String> s : GroundTruthCsv.rows(CapturePackets.capture(name + ".streams.csv"))) {
      streamOf.put(s.get("client_ip") + ":" + s.get("client_port"), Integer.parseInt(s.get("tcp_stream")));
    }
    Map<Integer, List<L7Transaction>> out = new TreeMap<>();
    for (L7Transaction t : sink.transactions) {
      Integer sid = streamOf.get(t.clientIp() + ":" + t.clientPort());
      assertThat(sid).as("stream of %s", t.id()).isNotNull();
      out.computeIfAbsent(sid, k -> new ArrayList<>()).add(t);
    }
    for (List<L7Transaction> l : out.values()) {
      l.sort(Comparator.comparingLong(t -> Long.parseLong(t.id().substring(t.id().lastIndexOf(':') + 1))));
    }
    return out;
  }

  /** "c:Q" / "s:Z" to counts, summed over the rows' message summaries. */
  static Map<String, Integer> messageCounts(List<L7Transaction> rows) {
    Map<String, Integer> n = new TreeMap<>();
    for (L7Transaction t : rows) {
      add(n, "c", t.requestHeaders() == null ? null : t.requestHeaders().get("messages"));
      add(n, "s", t.responseHeaders() == null ? null : t.responseHeaders().get("messages"));
    }
    return n;
  }

  static void add(Map<String, Integer> n, String dir, String summary) {
    if (summary == null) {
      return;
    }
    for (String part : summary.split(" ")) {
      int colon = part.lastIndexOf(':');
      n.merge(dir + ":" + part.substring(0, colon), Integer.parseInt(part.substring(colon + 1)), Integer::sum);
    }
  }

  static List<String> compareMessageCounts(String name, Map<Integer, List<L7Transaction>> ours) throws IOException {
    List<String> bad = new ArrayList<>();
    List<Map<String, String>> truth = GroundTruthCsv.rows(CapturePackets.capture(name + ".pgsql.csv"));
    for (Map<String, String> t : truth) {
      int sid = Integer.parseInt(t.get("tcp_stream"));
      List<L7Transaction> rows = ours.getOrDefault(sid, List.of());
      Map<String, Integer> got = messageCounts(rows);
      Map<String, Integer> want = new TreeMap<>();
      for (Map.Entry<String, String> col : t.entrySet()) {
        String[] m = TYPES.get(col.getKey());
        if (m != null && Integer.parseInt(col.getValue()) > 0) {
          want.put(m[0] + ":" + m[1], Integer.parseInt(col.getValue()));
        } else if (m == null && !col.getKey().equals("tcp_stream") && !col.getKey().equals("Termination")) {
          bad.add(name + ": unmapped ground-truth column " + col.getKey());
        }
      }
      if (!got.equals(want)) {
        bad.add(name + " stream " + sid + ": messages want " + want + " got " + got);
      }
      // rows: one startup, one per simple query, one per Execute, one per Sync without an Execute
      long simple = rows.stream().filter(r -> "simple".equals(r.requestHeaders().get("mode"))).count();
      long executes = rows.stream().filter(r -> "extended".equals(r.requestHeaders().get("mode"))
          && r.requestHeaders().get("messages").contains("E:")).count();
      long startups = rows.stream().filter(r -> "STARTUP".equals(r.method())).count();
      long errors = rows.stream().filter(r -> r.error() != null).count();
      if (simple != Long.parseLong(t.get("Simple query")) || executes != Long.parseLong(t.getOrDefault("Execute", "0"))
          || startups != 1 || rows.size() != Long.parseLong(t.get("Ready for query"))
          || errors != Long.parseLong(t.get("Error"))) {
        bad.add(name + " stream " + sid + ": rows " + rows.size() + " (simple " + simple + ", execute " + executes
            + ", startup " + startups + ", errors " + errors + ") for " + t);
      }
    }
    if (ours.size() != truth.size()) {
      bad.add(name + ": connections with rows want " + truth.size() + " got " + ours.size());
    }
    return bad;
  }

  @Test
  void postgresMessageCountsMatchTsharkPerConnection() throws IOException {
    CollectingSink sink = replay("postgres");
    Map<Integer, List<L7Transaction>> ours = rowsByStream("postgres", sink);
    assertThat(compareMessageCounts("postgres", ours)).isEmpty();
    assertThat(sink.flows).allMatch(f -> "postgres".equals(f.l7Protocol()));
    // totals of postgres.expected.json
    JsonNode pg = new ObjectMapper().readTree(CapturePackets.capture("postgres.expected.json").toFile()).get("pgsql");
    long simple = sink.transactions.stream().filter(t -> "simple".equals(t.requestHeaders().get("mode"))).count();
    assertThat(simple).isEqualTo(pg.get("simple_queries").asLong());
    Map<String, Integer> all = messageCounts(sink.transactions);
    assertThat(all.get("c:E")).isEqualTo(pg.get("extended_executes").asInt());
    assertThat(all.get("s:C")).isEqualTo(pg.get("command_completions").asInt());
    assertThat(all.get("s:E")).isEqualTo(pg.get("error_responses").asInt());
  }

  @Test
  void postgresRowsAreCompleteAndNamed() throws IOException {
    CollectingSink sink = replay("postgres");
    for (L7Transaction t : sink.transactions) {
      assertThat(t.protocol()).isEqualTo("postgres");
      assertThat(t.requestTs()).as(t.id()).isNotNull();
      assertThat(t.responseTs()).as(t.id()).isNotNull();
      assertThat(t.latencyUs()).as(t.id()).isNotNull().isGreaterThanOrEqualTo(0);
      assertThat(t.ttfbUs()).as(t.id()).isNotNull().isBetween(0L, t.latencyUs());
      assertThat(t.method()).as(t.id()).isNotNull();
      if (t.error() == null) {
        assertThat(t.status()).as(t.id()).isEqualTo(0);
      } else {
        assertThat(t.error()).as(t.id()).matches("[0-9A-Z]{5}");
        assertThat(t.status()).isNull();
      }
      if (!"STARTUP".equals(t.method())) {
        assertThat(t.path()).as(t.id()).isNotNull().doesNotContainPattern("'|(?<![$\\w])\\d");
      }
    }
  }

  @Test
  void pgsqlLatencySimpleQueriesMatchTshark() throws IOException {
    CollectingSink sink = replay("pgsql-latency");
    Map<Integer, List<L7Transaction>> ours = rowsByStream("pgsql-latency", sink);
    assertThat(compareMessageCounts("pgsql-latency", ours)).isEmpty();

    List<Map<String, String>> truth = quotedCsv(CapturePackets.capture("pgsql-latency.pgsql_queries.csv"));
    Map<Integer, List<L7Transaction>> simple = new TreeMap<>();
    ours.forEach((sid, rows) ->
        simple.put(sid, rows.stream().filter(r -> "simple".equals(r.requestHeaders().get("mode"))).toList()));
    Map<Integer, Integer> next = new HashMap<>();
    List<String> bad = new ArrayList<>();
    for (Map<String, String> q : truth) {
      int sid = Integer.parseInt(q.get("tcp_stream"));
      int i = next.merge(sid, 1, Integer::sum) - 1;
      List<L7Transaction> rows = simple.getOrDefault(sid, List.of());
      String where = "stream " + sid + " #" + i + " frame " + q.get("request_frame") + " " + q.get("query");
      if (rows.size() <= i) {
        bad.add(where + ": missing");
        continue;
      }
      L7Transaction x = rows.get(i);
      String raw = new String(x.requestBody(), StandardCharsets.UTF_8);
      String text = q.get("query"); // tshark's text, cut at 200 characters
      boolean cut = text.length() >= 200;
      if (cut ? !raw.startsWith(text) : !raw.equals(text)) {
        bad.add(where + ": text " + raw);
      }
      if (!cut && !SqlNormalizer.normalize(text).equals(x.path())) {
        bad.add(where + ": path " + x.path());
      }
      long wantReq = GroundTruthCsv.micros(q.get("request_time_epoch"));
      long wantResp = GroundTruthCsv.micros(q.get("ready_time_epoch"));
      long wantLat = Long.parseLong(q.get("latency_us"));
      if (x.latencyUs() == null || Math.abs(x.latencyUs() - wantLat) > 1 || x.requestTs() != wantReq
          || x.responseTs() != wantResp) {
        bad.add(where + ": latency want " + wantLat + " (" + wantReq + " -> " + wantResp + ") got " + x.latencyUs()
            + " (" + x.requestTs() + " -> " + x.responseTs() + ")");
      }
      String wantErr = q.get("error_code").isEmpty() ? null : q.get("error_code");
      if (wantErr == null ? x.error() != null || x.status() == null || x.status() != 0
          : !wantErr.equals(x.error()) || x.status() != null || !wantErr.equals(x.responseHeaders().get("sqlstate"))) {
        bad.add(where + ": outcome want " + wantErr + " got status " + x.status() + " error " + x.error());
      }
    }
    next.forEach((sid, n) -> {
      if (simple.get(sid).size() != n) {
        bad.add("stream " + sid + ": simple query rows want " + n + " got " + simple.get(sid).size());
      }
    });
    assertThat(bad).isEmpty();

    JsonNode want = new ObjectMapper().readTree(CapturePackets.capture("pgsql-latency.expected.json").toFile())
        .get("simple_query_latency_us");
    List<Long> lat = new ArrayList<>();
    simple.values().forEach(rows -> rows.forEach(r -> lat.add(r.latencyUs())));
    lat.sort(null);
    assertThat(lat).hasSize(want.get("count").asInt());
    assertThat(nearestRank(lat, 50)).isEqualTo(want.get("p50").asLong());
    assertThat(nearestRank(lat, 90)).isEqualTo(want.get("p90").asLong());
    assertThat(nearestRank(lat, 99)).isEqualTo(want.get("p99").asLong());
    assertThat(lat.get(lat.size() - 1)).isEqualTo(want.get("max").asLong());
    assertThat(lat.get(0)).isEqualTo(want.get("min").asLong());
  }

  static long nearestRank(List<Long> sorted, double p) {
    return sorted.get((int) Math.ceil(p / 100 * sorted.size()) - 1);
  }

  /** RFC 4180 CSV (quoted fields with commas, doubled quotes, newlines) to rows keyed by header. */
  static List<Map<String, String>> quotedCsv(Path file) throws IOException {
    String s = Files.readString(file);
    List<List<String>> records = new ArrayList<>();
    List<String> rec = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        rec.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        rec.add(field.toString());
        field.setLength(0);
        records.add(rec);
        rec = new ArrayList<>();
      } else if (c != '\r') {
        field.append(c);
      }
    }
    if (field.length() > 0 || !rec.isEmpty()) {
      rec.add(field.toString());
      records.add(rec);
    }
    List<String> head = records.get(0);
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<String> r : records.subList(1, records.size())) {
      Map<String, String> m = new HashMap<>();
      for (int k = 0; k < head.size(); k++) {
        m.put(head.get(k), k < r.size() ? r.get(k) : "");
      }
      rows.add(m);
    }
    return rows;
  }
}
