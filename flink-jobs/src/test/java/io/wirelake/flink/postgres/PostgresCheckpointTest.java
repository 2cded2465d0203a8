package io.wirelake.flink.postgres;

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
import org.junit.jupiter.api.Test;

/**
 * The dissector's state goes through Flink's Kryo fallback serializer: checkpointing and restoring every
 * tracker every few packets (partial messages, prepared statements and pipelined batches in flight) gives
 * exactly the rows of an uninterrupted replay.
 */
class PostgresCheckpointTest {
  static String rows(CollectingSink s) {
    return s.transactions.stream().map(PostgresCheckpointTest::tx).collect(Collectors.joining("\n"));
  }

  static String tx(L7Transaction t) {
    return t.id() + " " + t.method() + " " + t.path() + " " + t.status() + " " + t.error() + " " + t.requestTs() + " "
        + t.responseTs() + " " + t.ttfbUs() + " " + t.requestBytes() + " " + t.responseBytes() + " "
        + new TreeMap<>(t.requestHeaders()) + " "
        + (t.responseHeaders() == null ? null : new TreeMap<>(t.responseHeaders()))
        + Arrays.toString(t.requestBody()) + Arrays.toString(t.responseBody());
  }

  @Test
  void restoringEverySeventhPacketGivesTheSameRows() throws IOException {
    List<Packet> packets = CapturePackets.read(CapturePackets.capture("postgres.pcap"), "n1");
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
    assertThat(plain.transactions).hasSize(10654);
    assertThat(rows(r.sink)).isEqualTo(rows(plain));
  }
}
