package io.wirelake.flink.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.http2.Http2Dissector;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.testutil.CapturePackets;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.lakehouse.testing.GroundTruthCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * http2.pcap and grpc.pcap against tshark 4.0.17's per-stream ground truth ({@code X.http2.csv}) and summary
 * ({@code X.expected.json}): every HTTP/2 stream once, with its method, path, status (gRPC: grpc-status), the
 * completion times of the request's and the response's END_STREAM, latency and ttfb, DATA bytes each way and
 * (gRPC) the number of messages each way; no extra rows; the nearest-rank latency percentiles of the summary.
 *
 * <p>Rows are matched per connection by order: client stream ids increase with every new stream (RFC 9113
 * section 5.1.1), and the dissector numbers a connection's transactions in the order its streams open.
 */
class Http2GroundTruthTest {

  static List<String> compareStreams(String name, CollectingSink sink, boolean grpc) throws IOException {
    List<Map<String, String>> truth = GroundTruthCsv.rows(CapturePackets.capture(name + ".http2.csv"));
    Map<String, List<Map<String, String>>> want = new HashMap<>();
    for (Map<String, String> t : truth) {
      want.computeIfAbsent(t.get("client"), k -> new ArrayList<>()).add(t);
    }
    Map<String, List<L7Transaction>> ours = new HashMap<>();
    for (L7Transaction x : sink.transactions) {
      ours.computeIfAbsent(x.clientIp() + ":" + x.clientPort(), k -> new ArrayList<>()).add(x);
    }
    List<String> bad = new ArrayList<>();
    for (Map.Entry<String, List<Map<String, String>>> e : want.entrySet()) {
      List<Map<String, String>> ts = e.getValue();
      ts.sort(Comparator.comparingInt(t -> Integer.parseInt(t.get("h2_stream_id"))));
      List<L7Transaction> xs = ours.getOrDefault(e.getKey(), List.of());
      xs.sort(Comparator.comparingLong(x -> Long.parseLong(x.id().substring(x.id().lastIndexOf(':') + 1))));
      if (xs.size() != ts.size()) {
        bad.add(name + " " + e.getKey() + ": " + ts.size() + " streams, got " + xs.size() + " rows");
      }
      for (int i = 0; i < Math.min(xs.size(), ts.size()); i++) {
        bad.addAll(compare(name, ts.get(i), xs.get(i), grpc));
      }
    }
    if (sink.transactions.size() != truth.size()) {
      bad.add(name + " rows: want " + truth.size() + " got " + sink.transactions.size());
    }
    return bad;
  }

  static List<String> compare(String name, Map<String, String> t, L7Transaction x, boolean grpc) {
    List<String> bad = new ArrayList<>();
    String where = name + " tcp " + t.get("tcp_stream") + " h2 stream " + t.get("h2_stream_id") + " " + t.get("path");
    String path = t.get("path");
    if (!path.equals(x.path()) || !t.get("authority").equals(x.host())) {
      bad.add(where + ": got path " + x.path() + " host " + x.host());
      return bad;
    }
    if (grpc) {
      if (!"grpc".equals(x.protocol()) || !path.equals(x.method()) || !"POST".equals(x.requestHeaders().get(":method"))
          || !t.get("status").equals(x.responseHeaders().get(":status"))) {
        bad.add(where + ": got " + x.protocol() + " " + x.method() + " " + x.requestHeaders() + " " + x.responseHeaders());
      }
      if (x.status() == null || x.status() != Integer.parseInt(t.get("grpc_status"))) {
        bad.add(where + ": grpc-status want " + t.get("grpc_status") + " got " + x.status());
      }
      String wantError = "0".equals(t.get("grpc_status")) ? null
          : t.get("grpc_status_name") + (t.get("grpc_message").isEmpty() ? "" : ": " + t.get("grpc_message"));
      if (wantError == null ? x.error() != null : !wantError.equals(x.error())) {
        bad.add(where + ": error want " + wantError + " got " + x.error());
      }
      String reqMsgs = x.requestHeaders().get(Http2Dissector.GRPC_REQUEST_MESSAGES);
      String respMsgs = x.responseHeaders().get(Http2Dissector.GRPC_RESPONSE_MESSAGES);
      if (!t.get("grpc_req_messages").equals(reqMsgs) || !t.get("grpc_resp_messages").equals(respMsgs)) {
        bad.add(where + ": messages want " + t.get("grpc_req_messages") + "/" + t.get("grpc_resp_messages") + " got "
            + reqMsgs + "/" + respMsgs);
      }
      boolean trailersOnly = "1".equals(t.get("trailers_only"));
      if (trailersOnly != (x.responseHeaders().get("grpc-status") != null && x.responseBytes() == 0
          && x.responseHeaders().get(":status") != null)) {
        bad.add(where + ": trailers-only " + trailersOnly + " but headers " + x.responseHeaders());
      }
    } else {
      if (!"http/2".equals(x.protocol()) || !t.get("method").equals(x.method()) || x.status() == null
          || x.status() != Integer.parseInt(t.get("status"))) {
        bad.add(where + ": want " + t.get("method") + " " + t.get("status") + " got " + x.protocol() + " " + x.method()
            + " " + x.status());
      }
      if (x.error() != null) {
        bad.add(where + ": unexpected error " + x.error());
      }
      String ct = t.get("content_type");
      if (!ct.isEmpty() && !ct.equals(x.responseHeaders().get("content-type"))) {
        bad.add(where + ": content-type want " + ct + " got " + x.responseHeaders().get("content-type"));
      }
    }
    long wantReq = GroundTruthCsv.micros(t.get("req_end_stream_time_epoch"));
    long wantResp = GroundTruthCsv.micros(t.get("resp_end_stream_time_epoch"));
    long wantLat = Long.parseLong(t.get("latency_us"));
    if (x.latencyUs() == null || Math.abs(x.latencyUs() - wantLat) > 1 || x.requestTs() == null
        || x.requestTs() != wantReq || x.responseTs() == null || x.responseTs() != wantResp) {
      bad.add(where + ": latency want " + wantLat + " (req frame " + t.get("req_end_stream_frame") + " " + wantReq
          + ", resp frame " + t.get("resp_end_stream_frame") + " " + wantResp + ") got " + x.latencyUs() + " (req "
          + x.requestTs() + ", resp " + x.responseTs() + ")");
    }
    String ttfb = t.get("ttfb_us");
    if (!ttfb.isEmpty() && (x.ttfbUs() == null || Math.abs(x.ttfbUs() - Long.parseLong(ttfb)) > 1)) {
      bad.add(where + ": ttfb want " + ttfb + " (frame " + t.get("resp_headers_frame") + ") got " + x.ttfbUs());
    }
    if (x.requestBytes() != Long.parseLong(t.get("req_data_bytes"))
        || x.responseBytes() != Long.parseLong(t.get("resp_data_bytes"))) {
      bad.add(where + ": DATA bytes want " + t.get("req_data_bytes") + "/" + t.get("resp_data_bytes") + " got "
          + x.requestBytes() + "/" + x.responseBytes());
    }
    return bad;
  }

  /** Nearest rank: sorted v[ceil(p/100*n)-1]. */
  static long percentile(List<Long> values, int p) {
    List<Long> v = new ArrayList<>(values);
    v.sort(null);
    int rank = (int) Math.ceil(p / 100.0 * v.size());
    return v.get(Math.max(rank, 1) - 1);
  }

  /** A number of a summary block of expected.json, e.g. {@code ("latency_us", "p50")}. */
  static long summary(String name, String block, String key) throws IOException {
    String json = Files.readString(CapturePackets.capture(name + ".expected.json"));
    int at = json.indexOf("\"" + block + "\": {");
    assertThat(at).as(block).isGreaterThanOrEqualTo(0);
    // the first occurrence of the key after the block's start (blocks may nest)
    Matcher m = Pattern.compile("\"" + key + "\": (\\d+)").matcher(json.substring(at));
    assertThat(m.find()).as(block + "." + key).isTrue();
    return Long.parseLong(m.group(1));
  }

  static void assertPercentiles(String name, CollectingSink sink) throws IOException {
    List<Long> lat = new ArrayList<>();
    List<Long> ttfb = new ArrayList<>();
    for (L7Transaction x : sink.transactions) {
      lat.add(x.latencyUs());
      ttfb.add(x.ttfbUs());
    }
    assertThat(lat).doesNotContainNull();
    assertThat(ttfb).doesNotContainNull();
    for (String block : new String[] {"latency_us", "ttfb_us"}) {
      List<Long> v = block.equals("latency_us") ? lat : ttfb;
      assertThat((long) v.size()).isEqualTo(summary(name, block, "count"));
      for (int p : new int[] {50, 90, 99}) {
        assertThat(percentile(v, p)).as(name + " " + block + " p" + p).isEqualTo(summary(name, block, "p" + p));
      }
      assertThat(percentile(v, 100)).as(name + " " + block + " max").isEqualTo(summary(name, block, "max"));
    }
  }

  @Test
  void everyHttp2StreamMatchesTshark() throws IOException {
    CollectingSink sink = GroundTruthTest.replay("http2");
    List<String> bad = new ArrayList<>(GroundTruthTest.compareFlows("http2", sink, true));
    bad.addAll(compareStreams("http2", sink, false));
    assertThat(bad).isEmpty();
    assertThat(sink.flows).hasSize(11).allMatch(f -> "http/2".equals(f.l7Protocol()));
    assertThat(sink.transactions).hasSize(295);
  }

  @Test
  void http2LatencyPercentilesEqualTheSummary() throws IOException {
    CollectingSink sink = GroundTruthTest.replay("http2");
    assertPercentiles("http2", sink);
    // README key numbers, independently of expected.json
    List<Long> lat = sink.transactions.stream().map(L7Transaction::latencyUs).toList();
    assertThat(List.of(percentile(lat, 50), percentile(lat, 90), percentile(lat, 99)))
        .containsExactly(510L, 51_802L, 71_819L);
  }

  @Test
  void everyGrpcCallMatchesTshark() throws IOException {
    CollectingSink sink = GroundTruthTest.replay("grpc");
    List<String> bad = new ArrayList<>(GroundTruthTest.compareFlows("grpc", sink, true));
    bad.addAll(compareStreams("grpc", sink, true));
    assertThat(bad).isEmpty();
    assertThat(sink.flows).hasSize(2).allMatch(f -> "http/2".equals(f.l7Protocol()));
    assertThat(sink.transactions).hasSize(90).allMatch(x -> "grpc".equals(x.protocol()));
    Map<Integer, Long> byStatus = new HashMap<>();
    long reqMsgs = 0;
    long respMsgs = 0;
    for (L7Transaction x : sink.transactions) {
      byStatus.merge(x.status(), 1L, Long::sum);
      reqMsgs += Long.parseLong(x.requestHeaders().get(Http2Dissector.GRPC_REQUEST_MESSAGES));
      respMsgs += Long.parseLong(x.responseHeaders().get(Http2Dissector.GRPC_RESPONSE_MESSAGES));
    }
    // README: OK 70, NOT_FOUND 7, RESOURCE_EXHAUSTED 6, UNIMPLEMENTED 4, PERMISSION_DENIED 3
    assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of(0, 70L, 5, 7L, 8, 6L, 12, 4L, 7, 3L));
    assertThat(reqMsgs).isEqualTo(summary("grpc", "http2", "grpc_request_messages"));
    assertThat(respMsgs).isEqualTo(summary("grpc", "http2", "grpc_response_messages"));
  }

  @Test
  void grpcLatencyPercentilesEqualTheSummary() throws IOException {
    CollectingSink sink = GroundTruthTest.replay("grpc");
    assertPercentiles("grpc", sink);
    List<Long> lat = sink.transactions.stream().map(L7Transaction::latencyUs).toList();
    assertThat(List.of(percentile(lat, 50), percentile(lat, 90), percentile(lat, 99)))
        .containsExactly(1_902L, 17_519L, 62_955L);
  }
}
