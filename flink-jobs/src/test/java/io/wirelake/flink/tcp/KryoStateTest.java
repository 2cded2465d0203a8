package io.wirelake.flink.tcp;

import io.wirelake.flink.testutil.KryoCheckpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.testutil.CapturePackets;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.flink.testutil.Replay;
import io.wirelake.flink.testutil.TcpScript;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The state is checkpointed by Flink's Kryo fallback serializer: a replay that checkpoints and restores
 * every tracker every few packets (with out-of-order segments, partial headers and open exchanges in flight)
 * gives exactly the rows of an uninterrupted replay.
 */
class KryoStateTest {
  static String rows(CollectingSink s) {
    return s.flows.stream().map(L4Flow::toString).collect(Collectors.joining("\n")) + "\n"
        + s.transactions.stream().map(KryoStateTest::tx).collect(Collectors.joining("\n"));
  }

  static String tx(L7Transaction t) {
    // header maps are HashMaps whose iteration order may change with a restore: compare them sorted
    L7Transaction sorted = new L7Transaction(t.id(), t.flowId(), t.node(), t.protocol(), t.clientIp(), t.clientPort(),
        t.serverIp(), t.serverPort(), t.requestTs(), t.responseTs(), t.latencyUs(), t.ttfbUs(), t.method(), t.host(),
        t.path(), t.route(), t.status(), t.requestBytes(), t.responseBytes(),
        t.requestHeaders() == null ? null : new TreeMap<>(t.requestHeaders()),
        t.responseHeaders() == null ? null : new TreeMap<>(t.responseHeaders()), null, null, t.hasAuthorization(),
        t.error());
    return sorted + Arrays.toString(t.requestBody()) + Arrays.toString(t.responseBody());
  }

  @Test
  void midStreamRestoreGivesTheSameRows() throws IOException {
    List<Packet> packets = CapturePackets.read(CapturePackets.capture("http-reorder.pcap"), "n1");
    CollectingSink plain = Replay.run(packets, DissectionConfig.defaults());

    Replay r = new Replay(DissectionConfig.defaults(), 0);
    int i = 0;
    for (Packet p : packets) {
      r.packet(p);
      if (++i % 7 == 0) {
        r.replaceTrackers(KryoCheckpoint::roundTrip);
      }
    }
    r.finish();
    assertThat(r.sink.transactions).hasSize(22);
    assertThat(rows(r.sink)).isEqualTo(rows(plain));
  }

  @Test
  void restoredTrackerKeepsBufferedSegmentsAndPartialMessages() {
    TcpScript s = new TcpScript();
    s.handshake(1_000, 1_010, 1_020);
    long base = s.clientSeq;
    String req = "GET /k HTTP/1.1\r\nHost: h\r\n\r\n";
    FlowTracker t = new FlowTracker(DissectionConfig.defaults());
    CollectingSink sink = new CollectingSink();
    for (Packet p : s.packets) {
      t.onPacket(p, sink);
    }
    t.onPacket(s.cAt(2_000, base, req.substring(0, 5)), sink); // partial header in the dissector
    t.onPacket(s.cAt(2_010, base + 9, req.substring(9)), sink); // out-of-order tail buffered
    FlowTracker restored = KryoCheckpoint.roundTrip(t);
    assertThat(restored.bufferedBytes()).isEqualTo(t.bufferedBytes()).isGreaterThan(0);
    restored.onPacket(s.cAt(2_020, base + 5, req.substring(5, 9)), sink);
    s.clientSeq = base + req.length();
    restored.onPacket(s.s(2_100, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), sink);
    restored.flush(sink);
    assertThat(sink.transactions).hasSize(1);
    assertThat(sink.transactions.get(0).path()).isEqualTo("/k");
    assertThat(sink.transactions.get(0).latencyUs()).isEqualTo(80);
  }
}
