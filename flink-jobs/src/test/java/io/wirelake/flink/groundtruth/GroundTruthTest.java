package io.wirelake.flink.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.testutil.CapturePackets;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.flink.testutil.Replay;
import io.wirelake.lakehouse.testing.GroundTruthCsv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real captures against tshark 4.0.17's ground truth (captures/README.md): every connection with its
 * endpoints and handshake RTT; every HTTP exchange with method, uri, status, the completion times of request
 * and response and latency_us; bytes and packets per direction; no extra rows.
 */
class GroundTruthTest {
  static final String NODE = "gt-node";

  static CollectingSink replay(String name) throws IOException {
    Path pcap = CapturePackets.capture(name + ".pcap");
    List<Packet> packets = CapturePackets.read(pcap, NODE);
    return Replay.run(packets, DissectionConfig.defaults());
  }

  static String ep(String ip, Object port) {
    return ip + ":" + port;
  }

  static List<String> compareFlows(String name, CollectingSink sink, boolean countsToo) throws IOException {
    List<Map<String, String>> truth = GroundTruthCsv.rows(CapturePackets.capture(name + ".streams.csv"));
    Map<String, List<L4Flow>> ours = new HashMap<>();
    for (L4Flow f : sink.flows) {
      ours.computeIfAbsent(ep(f.clientIp(), f.clientPort()) + ">" + ep(f.serverIp(), f.serverPort()), k -> new ArrayList<>()).add(f);
    }
    List<String> bad = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (Map<String, String> t : truth) {
      String k = ep(t.get("client_ip"), t.get("client_port")) + ">" + ep(t.get("server_ip"), t.get("server_port"));
      List<L4Flow> fs = ours.get(k);
      int idx = seen.merge(k, 1, Integer::sum) - 1;
      if (fs == null || fs.size() <= idx) {
        bad.add(name + " missing flow " + k);
        continue;
      }
      L4Flow f = fs.get(idx);
      String want = t.get("initial_rtt_us");
      if (!want.isEmpty() && (f.handshakeRttUs() == null || Math.abs(f.handshakeRttUs() - Long.parseLong(want)) > 0)) {
        bad.add(name + " stream " + t.get("tcp_stream") + " rtt want " + want + " got " + f.handshakeRttUs());
      }
      if (f.startTs() != GroundTruthCsv.micros(t.get("first_time_epoch"))) {
        bad.add(name + " stream " + t.get("tcp_stream") + " start " + t.get("first_time_epoch") + " got " + f.startTs());
      }
      if (countsToo) {
        long pk = f.packetsC2s() + f.packetsS2c();
        if (f.bytesC2s() != Long.parseLong(t.get("payload_bytes_c2s")) || f.bytesS2c() != Long.parseLong(t.get("payload_bytes_s2c"))
            || pk != Long.parseLong(t.get("packets"))) {
          bad.add(name + " stream " + t.get("tcp_stream") + " bytes/packets want " + t.get("payload_bytes_c2s") + "/"
              + t.get("payload_bytes_s2c") + "/" + t.get("packets") + " got " + f.bytesC2s() + "/" + f.bytesS2c() + "/" + pk);
        }
        if (f.endTs() != GroundTruthCsv.micros(t.get("last_time_epoch"))) {
          bad.add(name + " stream " + t.get("tcp_stream") + " end " + t.get("last_time_epoch") + " got " + f.endTs());
        }
      }
      if (!"fin".equals(f.closeReason()) && Integer.parseInt(t.get("fin")) >= 2) {
        bad.add(name + " stream " + t.get("tcp_stream") + " close reason " + f.closeReason());
      }
    }
    if (sink.flows.size() != truth.size()) {
      bad.add(name + " flow rows: want " + truth.size() + " got " + sink.flows.size());
    }
    return bad;
  }

  static List<String> compareHttp(String name, CollectingSink sink) throws IOException {
    List<Map<String, String>> truth = GroundTruthCsv.rows(CapturePackets.capture(name + ".http.csv"));
    Map<String, List<L7Transaction>> ours = new HashMap<>();
    for (L7Transaction t : sink.transactions) {
      ours.computeIfAbsent(ep(t.clientIp(), t.clientPort()), k -> new ArrayList<>()).add(t);
    }
    for (List<L7Transaction> l : ours.values()) {
      l.sort(Comparator.comparingLong(t -> Long.parseLong(t.id().substring(t.id().indexOf(':') + 1))));
    }
    List<String> bad = new ArrayList<>();
    for (Map<String, String> t : truth) {
      List<L7Transaction> l = ours.get(t.get("client"));
      int idx = Integer.parseInt(t.get("seq_in_stream")) - 1;
      String where = name + " stream " + t.get("tcp_stream") + " #" + t.get("seq_in_stream") + " " + t.get("uri");
      if (l == null || l.size() <= idx) {
        bad.add(where + ": missing");
        continue;
      }
      L7Transaction x = l.get(idx);
      if (!t.get("method").equals(x.method()) || !t.get("uri").equals(x.path())
          || x.status() == null || Integer.parseInt(t.get("status")) != x.status()) {
        bad.add(where + ": got " + x.method() + " " + x.path() + " " + x.status());
        continue;
      }
      long wantReq = GroundTruthCsv.micros(t.get("request_time_epoch"));
      long wantResp = GroundTruthCsv.micros(t.get("response_time_epoch"));
      long wantLat = Long.parseLong(t.get("latency_us"));
      if (x.latencyUs() == null || Math.abs(x.latencyUs() - wantLat) > 1 || x.requestTs() != wantReq
          || x.responseTs() != wantResp) {
        bad.add(where + ": latency want " + wantLat + " (req " + wantReq + " frame " + t.get("request_frame") + ", resp "
            + wantResp + " frame " + t.get("response_frame") + ") got " + x.latencyUs() + " (req " + x.requestTs()
            + ", resp " + x.responseTs() + ")");
      }
      if (x.error() != null) {
        bad.add(where + ": unexpected error " + x.error());
      }
    }
    if (sink.transactions.size() != truth.size()) {
      bad.add(name + " transaction rows: want " + truth.size() + " got " + sink.transactions.size());
    }
    return bad;
  }

  @Test
  void httpBasicMatchesTshark() throws IOException {
    CollectingSink sink = replay("http-basic");
    List<String> bad = new ArrayList<>(compareFlows("http-basic", sink, true));
    bad.addAll(compareHttp("http-basic", sink));
    assertThat(sink.flows).allMatch(f -> "http/1.1".equals(f.l7Protocol()));
    assertThat(bad).isEmpty();
    assertThat(sink.flows).hasSize(37);
    assertThat(sink.transactions).hasSize(67);
  }

  @Test
  void httpReorderMatchesTshark() throws IOException {
    CollectingSink sink = replay("http-reorder");
    List<String> bad = new ArrayList<>(compareFlows("http-reorder", sink, false));
    bad.addAll(compareHttp("http-reorder", sink));
    assertThat(bad).isEmpty();
    assertThat(sink.flows).hasSize(14);
    assertThat(sink.transactions).hasSize(22);
  }

  @Test
  void redisFlowsMatchTshark() throws IOException {
    CollectingSink sink = replay("redis");
    List<String> bad = compareFlows("redis", sink, true);
    assertThat(bad).isEmpty();
    assertThat(sink.flows).hasSize(291);
    assertThat(sink.flows).allMatch(f -> "redis".equals(f.l7Protocol()));
    assertThat(sink.transactions).hasSize(32_014).allMatch(t -> "redis".equals(t.protocol()));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"postgres, 12", "pgsql-latency, 6"})
  void postgresFlowsMatchTshark(String name, int flows) throws IOException {
    CollectingSink sink = replay(name);
    List<String> bad = compareFlows(name, sink, true);
    assertThat(bad).isEmpty();
    assertThat(sink.flows).hasSize(flows);
    // recognised by the StartupMessage, not by port; rows in detail: PostgresGroundTruthTest
    assertThat(sink.flows).allMatch(f -> "postgres".equals(f.l7Protocol()));
    assertThat(sink.transactions).isNotEmpty().allMatch(t -> "postgres".equals(t.protocol()));
  }
}
