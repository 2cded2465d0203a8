package io.wirelake.flink.dns;

import io.wirelake.flink.testutil.KryoCheckpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.tcp.FlowTracker;
import io.wirelake.flink.testutil.CapturePackets;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.flink.testutil.Replay;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** UDP sessions and DNS-over-TCP state survive Flink's Kryo checkpoint and restore mid-query. */
class DnsStateRestoreTest {
  static String rows(CollectingSink s) {
    return s.flows.stream().map(Object::toString).collect(Collectors.joining("\n")) + "\n"
        + s.transactions.stream().map(t -> t.id() + " " + t.path() + " " + t.method() + " " + t.status() + " "
            + t.latencyUs() + " " + t.ttfbUs() + " " + t.error() + " " + new java.util.TreeMap<>(t.responseHeaders()))
            .sorted().collect(Collectors.joining("\n"));
  }

  @Test
  void restoringEveryFewPacketsGivesTheSameRows() throws IOException {
    List<Packet> packets = CapturePackets.read(CapturePackets.capture("dns.pcap"), "n1");
    CollectingSink plain = Replay.run(packets, DissectionConfig.defaults());
    Replay r = new Replay(DissectionConfig.defaults(), 0);
    int i = 0;
    for (Packet p : packets) {
      r.packet(p);
      if (++i % 3 == 0) {
        r.replaceTrackers(KryoCheckpoint::roundTrip);
      }
    }
    r.finish();
    assertThat(r.sink.transactions).hasSize(110);
    assertThat(rows(r.sink)).isEqualTo(rows(plain));
  }

  @Test
  void pendingUdpQuerySurvivesARestore() {
    FlowTracker t = new FlowTracker(DissectionConfig.defaults());
    CollectingSink sink = new CollectingSink();
    t.onPacket(DnsWire.udp(true, 1_000, DnsWire.query(42, "k.test", DnsCodes.TYPE_A)), sink);
    t.onPacket(DnsWire.udp(true, 1_500, DnsWire.query(42, "k.test", DnsCodes.TYPE_A)), sink);
    FlowTracker restored = KryoCheckpoint.roundTrip(t);
    assertThat(restored.nextTimerMicros()).isEqualTo(t.nextTimerMicros());
    restored.onPacket(DnsWire.udp(false, 1_800, DnsUdpTest.answerA(42, "k.test", 0)), sink);
    assertThat(sink.transactions).hasSize(1);
    assertThat(sink.transactions.get(0).latencyUs()).isEqualTo(800);
    assertThat(sink.transactions.get(0).requestHeaders()).containsEntry("retransmissions", "1");
  }
}
