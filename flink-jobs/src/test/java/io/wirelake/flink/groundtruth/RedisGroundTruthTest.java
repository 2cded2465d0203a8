package io.wirelake.flink.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.testutil.CapturePackets;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.lakehouse.testing.GroundTruthCsv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Redis captures against the ground truth computed from each direction's reassembled bytes
 * (captures/README.md): per connection the commands, replies, error replies, bytes and command-name histogram
 * of {@code redis.resp.csv}; every command of {@code redis-latency.resp_cmds.csv} with its name, reply type,
 * error text and latency (FIFO order per connection); the nearest-rank latency percentiles of
 * {@code redis-latency.expected.json}.
 */
class RedisGroundTruthTest {

  /** Rows of each connection (by client endpoint) in command order. */
  static Map<String, List<L7Transaction>> byConnection(CollectingSink sink) {
    Map<String, List<L7Transaction>> m = new HashMap<>();
    for (L7Transaction t : sink.transactions) {
      m.computeIfAbsent(t.clientIp() + ":" + t.clientPort(), k -> new ArrayList<>()).add(t);
    }
    for (List<L7Transaction> l : m.values()) {
      l.sort(Comparator.comparingLong(t -> Long.parseLong(t.id().substring(t.id().lastIndexOf(':') + 1))));
    }
    return m;
  }

  /** tcp_stream to client endpoint, from X.streams.csv. */
  static Map<String, String> clients(String name) throws IOException {
    Map<String, String> m = new HashMap<>();
    for (Map<String, String> s : GroundTruthCsv.rows(CapturePackets.capture(name + ".streams.csv"))) {
      m.put(s.get("tcp_stream"), s.get("client_ip") + ":" + s.get("client_port"));
    }
    return m;
  }

  static String str(byte[] b) {
    return b == null ? "" : new String(b, StandardCharsets.ISO_8859_1);
  }

  /** The ground truth's command name: the first word of the method, "(inline)" for inline commands. */
  static String gtName(L7Transaction t) {
    String m = t.method() == null ? "" : t.method();
    int sp = m.indexOf(' ');
    String first = sp < 0 ? m : m.substring(0, sp);
    boolean inline = t.requestBody() != null && t.requestBody().length > 0 && t.requestBody()[0] != '"';
    return inline ? first + "(inline)" : first;
  }

  /** The ground truth's reply type, from the first bytes of the reply's RESP encoding. */
  static String replyType(L7Transaction t) {
    String b = str(t.responseBody());
    if (b.isEmpty()) {
      return "";
    }
    switch (b.charAt(0)) {
      case '+':
      case ':':
        return "simple";
      case '-':
        return "err";
      case '$':
        return b.startsWith("$-1\r\n") ? "nil" : "bulk";
      case '*':
        return "array";
      default:
        return "other:" + b.charAt(0);
    }
  }

  static boolean isRedisErrorPrefix(String e) {
    return e != null && e.matches("[A-Z][A-Z0-9_]*");
  }

  @Test
  void redisCountsPerConnectionMatchGroundTruth() throws IOException {
    CollectingSink sink = GroundTruthTest.replay("redis");
    assertThat(GroundTruthTest.compareFlows("redis", sink, true)).isEmpty();
    assertThat(sink.flows).hasSize(291).allMatch(f -> "redis".equals(f.l7Protocol()));
    Map<String, String> client = clients("redis");
    Map<String, List<L7Transaction>> ours = byConnection(sink);
    List<String> bad = new ArrayList<>();
    long commands = 0;
    long replies = 0;
    Map<String, Integer> total = new TreeMap<>();
    for (Map<String, String> t : GroundTruthCsv.rows(CapturePackets.capture("redis.resp.csv"))) {
      String where = "stream " + t.get("tcp_stream");
      List<L7Transaction> rows = ours.getOrDefault(client.get(t.get("tcp_stream")), List.of());
      long cmds = rows.stream().filter(x -> x.requestTs() != null).count();
      long reps = rows.stream().filter(x -> x.responseTs() != null).count();
      long errs = rows.stream().filter(x -> "err".equals(replyType(x))).count();
      long cBytes = rows.stream().mapToLong(L7Transaction::requestBytes).sum();
      long sBytes = rows.stream().mapToLong(L7Transaction::responseBytes).sum();
      Map<String, Integer> names = new TreeMap<>();
      for (L7Transaction x : rows) {
        names.merge(gtName(x), 1, Integer::sum);
        total.merge(gtName(x), 1, Integer::sum);
        if (x.error() != null) {
          bad.add(where + " " + x.method() + ": error " + x.error());
        }
      }
      StringBuilder hist = new StringBuilder();
      names.forEach((k, v) -> hist.append(hist.length() == 0 ? "" : " ").append(k).append('=').append(v));
      String want = t.get("commands") + "/" + t.get("replies") + "/" + t.get("error_replies") + "/"
          + t.get("client_bytes") + "/" + t.get("server_bytes") + " " + t.get("command_names");
      String got = cmds + "/" + reps + "/" + errs + "/" + cBytes + "/" + sBytes + " " + hist;
      if (!want.equals(got)) {
        bad.add(where + ": want " + want + " got " + got);
      }
      commands += cmds;
      replies += reps;
    }
    assertThat(bad).isEmpty();
    assertThat(commands).isEqualTo(32_014);
    assertThat(replies).isEqualTo(32_014);
    assertThat(sink.transactions).hasSize(32_014);
    assertThat(total).containsEntry("PING(inline)", 2000).containsEntry("PING", 2001).containsEntry("GET", 4002)
        .containsEntry("CONFIG", 4).containsEntry("COMMAND", 1);
  }

  @Test
  void redisLatencyEveryCommandMatchesGroundTruthInFifoOrder() throws IOException {
    CollectingSink sink = GroundTruthTest.replay("redis-latency");
    assertThat(GroundTruthTest.compareFlows("redis-latency", sink, true)).isEmpty();
    assertThat(sink.flows).hasSize(202).allMatch(f -> "redis".equals(f.l7Protocol()));
    Map<String, String> client = clients("redis-latency");
    Map<String, List<L7Transaction>> ours = byConnection(sink);
    List<Map<String, String>> truth = quotedCsv(CapturePackets.capture("redis-latency.resp_cmds.csv"));
    List<String> bad = new ArrayList<>();
    Map<String, Integer> errorMessages = new TreeMap<>();
    for (Map<String, String> t : truth) {
      String where = "stream " + t.get("tcp_stream") + " #" + t.get("seq_in_stream") + " " + t.get("command");
      List<L7Transaction> rows = ours.getOrDefault(client.get(t.get("tcp_stream")), List.of());
      int idx = Integer.parseInt(t.get("seq_in_stream")) - 1;
      if (idx >= rows.size()) {
        bad.add(where + ": missing");
        continue;
      }
      L7Transaction x = rows.get(idx);
      String wantErr = t.get("error");
      String gotErr = "err".equals(replyType(x)) ? str(x.responseBody()).substring(1, str(x.responseBody()).indexOf('\r')) : "";
      gotErr = gotErr.substring(0, Math.min(60, gotErr.length()));
      if (!t.get("command").equals(gtName(x)) || !t.get("reply_type").equals(replyType(x)) || !wantErr.equals(gotErr)) {
        bad.add(where + ": got " + gtName(x) + " " + replyType(x) + " '" + gotErr + "'");
        continue;
      }
      String wantPrefix = wantErr.isEmpty() ? null : wantErr.split(" ")[0];
      if (wantPrefix == null ? x.error() != null : !wantPrefix.equals(x.error())) {
        bad.add(where + ": error column " + x.error() + ", want " + wantPrefix);
      }
      if (wantPrefix != null) {
        errorMessages.merge(wantPrefix + " (" + t.get("command") + ")", 1, Integer::sum);
      }
      long wantCmd = GroundTruthCsv.micros(t.get("cmd_end_time_epoch"));
      long wantReply = GroundTruthCsv.micros(t.get("reply_end_time_epoch"));
      long wantLat = Long.parseLong(t.get("latency_us"));
      if (x.latencyUs() == null || Math.abs(x.latencyUs() - wantLat) > 1 || x.requestTs() != wantCmd
          || x.responseTs() != wantReply) {
        bad.add(where + ": latency want " + wantLat + " (" + wantCmd + " -> " + wantReply + ") got " + x.latencyUs()
            + " (" + x.requestTs() + " -> " + x.responseTs() + ")");
      }
      if (x.ttfbUs() == null || x.ttfbUs() < 0 || x.ttfbUs() > x.latencyUs()) {
        bad.add(where + ": ttfb " + x.ttfbUs());
      }
    }
    assertThat(bad).isEmpty();
    assertThat(sink.transactions).hasSize(truth.size()).hasSize(6_012);
    assertThat(errorMessages).isEqualTo(Map.of("ERR (HSET)", 1, "ERR (XYZZY)", 1, "WRONGTYPE (GET)", 1,
        "WRONGTYPE (LLEN)", 1));
  }

  @Test
  void redisLatencyPercentilesMatchExpectedJson() throws IOException {
    CollectingSink sink = GroundTruthTest.replay("redis-latency");
    List<Long> lat = new ArrayList<>();
    for (L7Transaction t : sink.transactions) {
      lat.add(t.latencyUs());
    }
    lat.sort(null);
    String json = Files.readString(CapturePackets.capture("redis-latency.expected.json"));
    Matcher m = Pattern.compile("\"command_latency_us\": \\{\\s*\"count\": (\\d+),\\s*\"min\": (\\d+),\\s*"
        + "\"p50\": (\\d+),\\s*\"p90\": (\\d+),\\s*\"p99\": (\\d+),\\s*\"max\": (\\d+)").matcher(json);
    assertThat(m.find()).isTrue();
    assertThat(lat).hasSize(Integer.parseInt(m.group(1)));
    assertThat(lat.get(0)).isEqualTo(Long.parseLong(m.group(2)));
    assertThat(nearestRank(lat, 50)).isEqualTo(Long.parseLong(m.group(3))).isEqualTo(58);
    assertThat(nearestRank(lat, 90)).isEqualTo(Long.parseLong(m.group(4))).isEqualTo(799);
    assertThat(nearestRank(lat, 99)).isEqualTo(Long.parseLong(m.group(5))).isEqualTo(4006);
    assertThat(lat.get(lat.size() - 1)).isEqualTo(Long.parseLong(m.group(6)));
  }

  static long nearestRank(List<Long> sorted, double p) {
    return sorted.get((int) Math.ceil(p / 100 * sorted.size()) - 1);
  }

  /** A CSV file whose fields may be double-quoted (with "" for a quote inside). */
  static List<Map<String, String>> quotedCsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<String> head = fields(lines.get(0));
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isEmpty()) {
        continue;
      }
      List<String> v = fields(lines.get(i));
      Map<String, String> row = new HashMap<>();
      for (int k = 0; k < head.size(); k++) {
        row.put(head.get(k), k < v.size() ? v.get(k) : "");
      }
      rows.add(row);
    }
    return rows;
  }

  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    out.add(f.toString());
    return out;
  }
}
