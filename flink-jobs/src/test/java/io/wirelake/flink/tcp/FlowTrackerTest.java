package io.wirelake.flink.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.flink.testutil.TcpScript;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowTrackerTest {
  static CollectingSink feed(FlowTracker t, List<Packet> packets) {
    CollectingSink sink = new CollectingSink();
    for (Packet p : packets) {
      t.onPacket(p, sink);
    }
    return sink;
  }

  @Test
  void fullConnectionWithCountsAndFinClose() {
    TcpScript s = new TcpScript();
    s.handshake(1_000, 1_020, 1_050);
    s.c(2_000, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    s.sAck(2_010);
    s.s(2_500, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    s.close(3_000);
    FlowTracker t = new FlowTracker(DissectionConfig.defaults());
    CollectingSink sink = feed(t, s.packets);
    assertThat(sink.flows).hasSize(1);
    L4Flow f = sink.flows.get(0);
    assertThat(f.clientIp()).isEqualTo("10.0.0.1");
    assertThat(f.clientPort()).isEqualTo(40000);
    assertThat(f.serverIp()).isEqualTo("10.0.0.2");
    assertThat(f.serverPort()).isEqualTo(80);
    assertThat(f.synToSynackUs()).isEqualTo(20);
    assertThat(f.handshakeRttUs()).isEqualTo(50);
    assertThat(f.bytesC2s()).isEqualTo(27);
    assertThat(f.bytesS2c()).isEqualTo(40);
    assertThat(f.packetsC2s()).isEqualTo(5); // SYN, ACK, GET, FIN, last ACK
    assertThat(f.packetsS2c()).isEqualTo(4); // SYN-ACK, ACK, response, FIN
    assertThat(f.startTs()).isEqualTo(1_000);
    assertThat(f.endTs()).isEqualTo(3_002);
    assertThat(f.closeReason()).isEqualTo("fin");
    assertThat(f.l7Protocol()).isEqualTo("http/1.1");
    assertThat(f.flowId()).matches("[0-9a-f]{16}");
    assertThat(f.flowId()).isEqualTo(TcpConnection.flowId("node-a", s.flowKey(), 1_000));
    assertThat(sink.transactions).hasSize(1);
    assertThat(sink.transactions.get(0).id()).isEqualTo(f.flowId() + ":1");
    assertThat(sink.transactions.get(0).flowId()).isEqualTo(f.flowId());
  }

  @Test
  void releasesStateWhenConnectionCloses() {
    DissectionConfig cfg = DissectionConfig.defaults().withClosedLingerMicros(5_000);
    TcpScript s = new TcpScript();
    s.handshake(1_000, 1_020, 1_050);
    long base = s.clientSeq;
    s.cAt(2_000, base + 10, "tail-bytes"); // out of order, its hole never fills
    FlowTracker t = new FlowTracker(cfg);
    CollectingSink sink = feed(t, s.packets);
    assertThat(t.bufferedBytes()).isEqualTo(10);
    assertThat(t.current().reassembler(0).bufferedSegments()).isEqualTo(1);
    s.packets.clear();
    s.clientSeq = base + 20;
    s.close(3_000);
    for (Packet p : s.packets) {
      t.onPacket(p, sink);
    }
    assertThat(sink.flows).hasSize(1);
    assertThat(t.current()).isNull();
    assertThat(t.bufferedBytes()).isZero();
    assertThat(t.isEmpty()).isFalse(); // lingering to absorb strays
    assertThat(t.nextTimerMicros()).isEqualTo(3_002 + 5_000);
    t.onPacket(s.packet(false, 3_500, Packet.ACK, s.serverSeq, s.clientSeq, new byte[0]), sink); // stray
    assertThat(sink.flows).hasSize(1);
    assertThat(t.strayPackets()).isEqualTo(1);
    t.onTimer(8_002, sink);
    assertThat(t.isEmpty()).isTrue();
    assertThat(t.nextTimerMicros()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void newSynAfterCloseIsANewConnectionButRetransmittedSynIsNot() {
    TcpScript s = new TcpScript(40000, 80, 1000, 5000);
    s.handshake(1_000, 1_020, 1_050);
    s.packets.add(1, s.packet(true, 1_010, Packet.SYN, 1000, 0, new byte[0])); // retransmitted SYN
    s.close(2_000);
    TcpScript s2 = new TcpScript(40000, 80, 900_000, 7000); // port reuse, new ISN
    s2.handshake(2_100, 2_110, 2_130);
    s2.cRst(2_200);
    FlowTracker t = new FlowTracker(DissectionConfig.defaults());
    CollectingSink sink = feed(t, s.packets);
    for (Packet p : s2.packets) {
      t.onPacket(p, sink);
    }
    assertThat(sink.flows).extracting(L4Flow::closeReason).containsExactly("fin", "rst");
    assertThat(sink.flows).extracting(L4Flow::startTs).containsExactly(1_000L, 2_100L);
    assertThat(sink.flows.get(0).handshakeRttUs()).isEqualTo(1_050 - 1_010);
    assertThat(sink.flows.get(0).flowId()).isNotEqualTo(sink.flows.get(1).flowId());
    assertThat(sink.flows.get(1).packetsC2s()).isEqualTo(3);
  }

  @Test
  void withoutSynTheHigherPortIsTheClient() {
    TcpScript s = new TcpScript(51000, 6379, 1000, 5000);
    // first packet seen goes server -> client
    FlowTracker t = new FlowTracker(DissectionConfig.defaults());
    CollectingSink sink = new CollectingSink();
    t.onPacket(s.s(100, "+OK\r\n"), sink);
    t.onPacket(s.c(200, "PING\r\n"), sink);
    t.flush(sink);
    L4Flow f = sink.flows.get(0);
    assertThat(f.clientPort()).isEqualTo(51000);
    assertThat(f.serverPort()).isEqualTo(6379);
    assertThat(f.bytesS2c()).isEqualTo(5);
    assertThat(f.bytesC2s()).isEqualTo(6);
    assertThat(f.handshakeRttUs()).isNull();
    assertThat(f.closeReason()).isEqualTo("open");
    assertThat(f.l7Protocol()).isNull();
    assertThat(sink.transactions).isEmpty();
    assertThat(t.isEmpty()).isTrue();
  }

  @Test
  void idleTimeoutInEventTime() {
    DissectionConfig cfg = DissectionConfig.defaults().withIdleTimeoutMicros(120_000_000L);
    TcpScript s = new TcpScript();
    s.handshake(1_000, 1_020, 1_050);
    s.c(2_000, "GET /x HTTP/1.1\r\n\r\n");
    FlowTracker t = new FlowTracker(cfg);
    CollectingSink sink = feed(t, s.packets);
    assertThat(t.nextTimerMicros()).isEqualTo(2_000 + 120_000_000L);
    t.onTimer(2_000 + 119_999_999L, sink);
    assertThat(sink.flows).isEmpty();
    t.onTimer(2_000 + 120_000_000L, sink);
    assertThat(sink.flows).extracting(L4Flow::closeReason).containsExactly("timeout");
    assertThat(sink.flows.get(0).endTs()).isEqualTo(2_000);
    // the request never got an answer: still a row, with an error and no response fields
    assertThat(sink.transactions).hasSize(1);
    L7Transaction x = sink.transactions.get(0);
    assertThat(x.status()).isNull();
    assertThat(x.responseTs()).isNull();
    assertThat(x.latencyUs()).isNull();
    assertThat(x.requestTs()).isEqualTo(2_000);
    assertThat(x.error()).isEqualTo("no response");
    assertThat(t.current()).isNull();
  }

  @Test
  void packetAfterMissedIdleTimerStartsFreshConnection() {
    DissectionConfig cfg = DissectionConfig.defaults().withIdleTimeoutMicros(1_000);
    TcpScript s = new TcpScript();
    s.handshake(1_000, 1_020, 1_050);
    FlowTracker t = new FlowTracker(cfg);
    CollectingSink sink = feed(t, s.packets);
    t.onPacket(s.c(5_000, "x"), sink); // the timer at 2_050 never fired
    t.flush(sink);
    assertThat(sink.flows).extracting(L4Flow::closeReason).containsExactly("timeout", "open");
  }

  @Test
  void bufferCapSkipsTheOldestHole() {
    DissectionConfig cfg = DissectionConfig.defaults().withMaxBufferedBytesPerConnection(20);
    TcpScript s = new TcpScript();
    s.handshake(1_000, 1_020, 1_050);
    long base = s.clientSeq;
    FlowTracker t = new FlowTracker(cfg);
    CollectingSink sink = feed(t, s.packets);
    t.onPacket(s.cAt(2_000, base + 5, "0123456789"), sink);
    t.onPacket(s.cAt(2_001, base + 15, "0123456789"), sink);
    assertThat(t.bufferedBytes()).isEqualTo(20);
    t.onPacket(s.cAt(2_002, base + 30, "abcde"), sink); // 25 > 20: the first hole (5 bytes) is skipped
    TcpReassembler r = t.current().reassembler(0);
    assertThat(r.gapBytes()).isEqualTo(5);
    assertThat(r.deliveredBytes()).isEqualTo(20);
    assertThat(t.bufferedBytes()).isEqualTo(5);
  }

  @Test
  void gapTimerIsReportedAsNextTimer() {
    DissectionConfig cfg = DissectionConfig.defaults().withGapTimeoutMicros(500);
    TcpScript s = new TcpScript();
    s.handshake(1_000, 1_020, 1_050);
    FlowTracker t = new FlowTracker(cfg);
    CollectingSink sink = feed(t, s.packets);
    t.onPacket(s.cAt(2_000, s.clientSeq + 3, "later"), sink);
    assertThat(t.nextTimerMicros()).isEqualTo(2_500);
    t.onTimer(2_500, sink);
    assertThat(t.current().reassembler(0).gapBytes()).isEqualTo(3);
    assertThat(t.bufferedBytes()).isZero();
  }
}
