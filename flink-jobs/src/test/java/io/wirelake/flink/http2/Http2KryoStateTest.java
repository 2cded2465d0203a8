package io.wirelake.flink.http2;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.tcp.FlowTracker;
import io.wirelake.flink.testutil.CapturePackets;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.flink.testutil.Replay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP/2 state (frame readers mid-frame, HPACK dynamic tables, header blocks awaiting CONTINUATION, open
 * streams with gRPC message counters) survives Flink's Kryo checkpoint: a replay that checkpoints and restores
 * every tracker every few packets gives exactly the rows of an uninterrupted one.
 */
class Http2KryoStateTest {
  static final KryoSerializer<FlowTracker> SER = new KryoSerializer<>(FlowTracker.class, new SerializerConfigImpl());

  static FlowTracker roundTrip(FlowTracker t) {
    try {
      DataOutputSerializer out = new DataOutputSerializer(4096);
      SER.serialize(t, out);
      return SER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

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
        r.replaceTrackers(Http2KryoStateTest::roundTrip);
      }
    }
    r.finish();
    assertThat(r.sink.transactions).hasSize(plain.transactions.size()).isNotEmpty();
    assertThat(rows(r.sink)).isEqualTo(rows(plain));
  }
}
