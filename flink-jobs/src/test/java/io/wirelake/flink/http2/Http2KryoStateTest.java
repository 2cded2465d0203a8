package io.wirelake.flink.http2;

import io.wirelake.flink.testutil.KryoCheckpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.tcp.FlowTracker;
import io.wirelake.flink.testutil.CapturePackets;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.flink.testutil.Replay;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP/2 state (frame readers mid-frame, HPACK dynamic tables, header blocks awaiting CONTINUATION, open
 * streams with gRPC message counters) survives Flink's Kryo checkpoint: a replay that checkpoints and restores
 * every tracker every few packets gives exactly the rows of an uninterrupted one.
 */
class Http2KryoStateTest {
  static String rows(CollectingSink s) {
    return s.transactions.stream().map(Http2KryoStateTest::tx).collect(Collectors.joining("\n"));
  }

  static String tx(L7Transaction t) {
    L7Transaction sorted = new L7Transaction(t.id(), t.flowId(), t.node(), t.protocol(), t.clientIp(), t.clientPort(),
        t.serverIp(), t.serverPort(), t.requestTs(), t.responseTs(), t.latencyUs(), t.ttfbUs(), t.method(), t.host(),
        t.path(), t.route(), t.status(), t.requestBytes(), t.responseBytes(),
        t.requestHeaders() == null ? null : new TreeMap<>(t.requestHeaders()),
        t.responseHeaders() == null ? null : new TreeMap<>(t.responseHeaders()), null, null, t.hasAuthorization(),
        t.error());
    return sorted + Arrays.toString(t.requestBody()) + Arrays.toString(t.responseBody());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http2", "grpc"})
  void restoreMidConnectionGivesTheSameRows(String name) throws IOException {
    List<Packet> packets = CapturePackets.read(CapturePackets.capture(name + ".pcap"), "n1");
    CollectingSink plain = Replay.run(packets, DissectionConfig.defaults());
    Replay r = new Replay(DissectionConfig.defaults(), 0);
    int i = 0;
    for (Packet p : packets) {
      r.packet(p);
      if (++i % 5 == 0) {
        r.replaceTrackers(KryoCheckpoint::roundTrip);
      }
    }
    r.finish();
    assertThat(r.sink.transactions).hasSize(plain.transactions.size()).isNotEmpty();
    assertThat(rows(r.sink)).isEqualTo(rows(plain));
  }
}
