package io.wirelake.flink.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.tcp.FlowTracker;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.flink.testutil.Replay;
import io.wirelake.flink.udp.UdpFlow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DNS over UDP through the flow tracker: pairing, tshark's retransmission rules, timeouts and state lifetime. */
class DnsUdpTest {
  static final int A = DnsCodes.TYPE_A;

  static byte[] answerA(int id, String name, int rcode) {
    DnsWire w = DnsWire.response(id, name, A, rcode, rcode == 0 ? 1 : 0);
    if (rcode == 0) {
      w.record(A, new byte[] {10, 0, 0, 9});
    }
    return w.bytes();
  }

  static CollectingSink replay(Packet... packets) {
    return Replay.run(List.of(packets), DissectionConfig.defaults());
  }

  @Test
  void pairsQueryAndResponseWithDnsTime() {
    CollectingSink sink = replay(
        DnsWire.udp(true, 1_000_000, DnsWire.query(7, "GW.lab.test", A)),
        DnsWire.udp(false, 1_000_531, answerA(7, "gw.lab.test", 0)));
    assertThat(sink.flows).isEmpty();
    assertThat(sink.transactions).hasSize(1);
    L7Transaction t = sink.transactions.get(0);
    assertThat(t.protocol()).isEqualTo("dns");
    assertThat(t.method()).isEqualTo("A");
    assertThat(t.path()).isEqualTo("gw.lab.test");
    assertThat(t.status()).isZero();
    assertThat(t.error()).isNull();
    assertThat(t.requestTs()).isEqualTo(1_000_000);
    assertThat(t.responseTs()).isEqualTo(1_000_531);
    assertThat(t.latencyUs()).isEqualTo(531);
    assertThat(t.ttfbUs()).isEqualTo(531);
    assertThat(t.clientIp()).isEqualTo("10.0.0.1");
    assertThat(t.clientPort()).isEqualTo(DnsWire.CLIENT_PORT);
    assertThat(t.serverIp()).isEqualTo("10.0.0.53");
    assertThat(t.serverPort()).isEqualTo(53);
    assertThat(t.requestHeaders()).containsEntry("id", "7").containsEntry("transport", "udp").containsEntry("class", "IN");
    assertThat(t.responseHeaders()).containsEntry("rcode", "NOERROR").containsEntry("answers", "A 10.0.0.9")
        .containsEntry("answer_count", "1");
    assertThat(t.id()).isEqualTo(t.flowId() + ":1");
    assertThat(t.requestBytes()).isEqualTo(DnsWire.query(7, "GW.lab.test", A).length);
  }

  @Test
  void nxdomainCarriesItsNameInError() {
    CollectingSink sink = replay(
        DnsWire.udp(true, 1_000, DnsWire.query(8, "absent.test", A)),
        DnsWire.udp(false, 1_300, answerA(8, "absent.test", 3)));
    L7Transaction t = sink.transactions.get(0);
    assertThat(t.status()).isEqualTo(3);
    assertThat(t.error()).isEqualTo("NXDOMAIN");
    assertThat(t.responseHeaders()).containsEntry("rcode", "NXDOMAIN").doesNotContainKey("answers");
  }

  @Test
  void retransmittedQueryIsOneTransactionTimedFromTheFirstCopy() {
    // tshark 4.0: a repeat within 5 s is dns.retransmission; dns.time of the answer runs from the first copy
    CollectingSink sink = replay(
        DnsWire.udp(true, 10_000_000, DnsWire.query(7, "a.test", A)),
        DnsWire.udp(true, 11_000_000, DnsWire.query(7, "a.test", A)),
        DnsWire.udp(false, 11_500_000, answerA(7, "a.test", 0)));
    assertThat(sink.transactions).hasSize(1);
    L7Transaction t = sink.transactions.get(0);
    assertThat(t.latencyUs()).isEqualTo(1_500_000);
    assertThat(t.requestHeaders()).containsEntry("retransmissions", "1");
  }

  @Test
  void repeatAfterTheRetransmissionWindowIsANewQueryAndTheOldOneUnanswered() {
    // tshark 4.0: 6 s later the same id is a new transaction; the answer pairs with it (0.5 s)
    CollectingSink sink = replay(
        DnsWire.udp(true, 10_000_000, DnsWire.query(8, "b.test", A)),
        DnsWire.udp(true, 16_000_000, DnsWire.query(8, "b.test", A)),
        DnsWire.udp(false, 16_500_000, answerA(8, "b.test", 0)));
    assertThat(sink.transactions).hasSize(2);
    assertThat(sink.transactions.get(0).error()).isEqualTo("no response");
    assertThat(sink.transactions.get(0).requestTs()).isEqualTo(10_000_000);
    assertThat(sink.transactions.get(0).latencyUs()).isNull();
    assertThat(sink.transactions.get(1).latencyUs()).isEqualTo(500_000);
    assertThat(sink.transactions.get(1).error()).isNull();
  }

  @Test
  void duplicateResponseIsIgnoredAndAnUnknownOneStandsAlone() {
    CollectingSink sink = replay(
        DnsWire.udp(true, 1_000, DnsWire.query(9, "c.test", A)),
        DnsWire.udp(false, 1_100, answerA(9, "c.test", 0)),
        DnsWire.udp(false, 1_200, answerA(9, "c.test", 0)),
        DnsWire.udp(false, 1_300, answerA(10, "d.test", 0)));
    assertThat(sink.transactions).hasSize(2);
    assertThat(sink.transactions.get(0).latencyUs()).isEqualTo(100);
    L7Transaction orphan = sink.transactions.get(1);
    assertThat(orphan.error()).isEqualTo("no query");
    assertThat(orphan.path()).isEqualTo("d.test");
    assertThat(orphan.requestTs()).isNull();
    assertThat(orphan.responseTs()).isEqualTo(1_300);
  }

  @Test
  void interleavedQueriesOnOneSocketPairById() {
    CollectingSink sink = replay(
        DnsWire.udp(true, 1_000, DnsWire.query(11, "d.test", A)),
        DnsWire.udp(true, 1_001, DnsWire.query(12, "e.test", DnsCodes.TYPE_AAAA)),
        DnsWire.udp(false, 1_002, DnsWire.response(12, "e.test", DnsCodes.TYPE_AAAA, 0, 0).bytes()),
        DnsWire.udp(false, 1_003, answerA(11, "d.test", 0)));
    assertThat(sink.transactions).extracting(L7Transaction::path).containsExactly("e.test", "d.test");
    assertThat(sink.transactions).extracting(L7Transaction::latencyUs).containsExactly(1L, 3L);
    assertThat(sink.transactions.get(0).flowId()).isEqualTo(sink.transactions.get(1).flowId());
  }

  @Test
  void unansweredQueryTimesOutOnTheEventTimeTimer() {
    FlowTracker t = new FlowTracker(DissectionConfig.defaults());
    CollectingSink sink = new CollectingSink();
    t.onPacket(DnsWire.udp(true, 5_000_000, DnsWire.query(14, "g.test", A)), sink);
    assertThat(t.isEmpty()).isFalse();
    assertThat(t.nextTimerMicros()).isEqualTo(5_000_000 + DnsPairing.QUERY_TIMEOUT_MICROS);
    t.onTimer(t.nextTimerMicros() - 1, sink);
    assertThat(sink.transactions).isEmpty();
    t.onTimer(t.nextTimerMicros(), sink);
    assertThat(sink.transactions).hasSize(1);
    L7Transaction x = sink.transactions.get(0);
    assertThat(x.error()).isEqualTo("no response");
    assertThat(x.status()).isNull();
    assertThat(x.requestTs()).isEqualTo(5_000_000);
    assertThat(x.responseTs()).isNull();
    // nothing pending and the session has been idle long enough: the state is released
    assertThat(t.isEmpty()).isTrue();
    assertThat(sink.flows).isEmpty();
  }

  @Test
  void lateResponseAfterTheTimeoutIsAnOrphanEvenIfTheTimerHasNotFired() {
    // watermarks may lag: the timeout is applied at the datagram's time, so the result does not depend on it
    CollectingSink sink = replay(
        DnsWire.udp(true, 1_000_000, DnsWire.query(3, "slow.test", A)),
        DnsWire.udp(false, 1_000_000 + DnsPairing.QUERY_TIMEOUT_MICROS + 1, answerA(3, "slow.test", 0)));
    assertThat(sink.transactions).extracting(L7Transaction::error).containsExactly("no response", "no query");
    assertThat(sink.transactions.get(0).flowId()).isNotEqualTo(sink.transactions.get(1).flowId());
  }

  @Test
  void unansweredQueryIsEmittedAtEndOfInput() {
    CollectingSink sink = replay(DnsWire.udp(true, 1_000, DnsWire.query(15, "h.test", A)));
    assertThat(sink.transactions).extracting(L7Transaction::error).containsExactly("no response");
  }

  @Test
  void truncatedAnswerIsRecorded() {
    byte[] tc = DnsWire.header(21, DnsMessage.QR | DnsMessage.AA | DnsMessage.TC | DnsMessage.RD, 1, 0, 0, 0)
        .name("long.test").u16(DnsCodes.TYPE_TXT).u16(1).bytes();
    CollectingSink sink = replay(
        DnsWire.udp(true, 1_000, DnsWire.query(21, "long.test", DnsCodes.TYPE_TXT)),
        DnsWire.udp(false, 1_658, tc));
    L7Transaction t = sink.transactions.get(0);
    assertThat(t.latencyUs()).isEqualTo(658);
    assertThat(t.error()).isNull();
    assertThat(t.responseHeaders()).containsEntry("truncated", "true").containsEntry("flags", "qr aa tc rd");
  }

  @Test
  void nonDnsAndMulticastDatagramsKeepNoState() {
    FlowTracker t = new FlowTracker(DissectionConfig.defaults());
    CollectingSink sink = new CollectingSink();
    t.onPacket(DnsWire.udp(true, 1_000, "hello, not dns at all".getBytes()), sink);
    assertThat(t.isEmpty()).isTrue();
    byte[] mdnsGroup = {(byte) 224, 0, 0, (byte) 251};
    t.onPacket(DnsWire.udp(true, 2_000, DnsWire.query(0, "printer.local", A), mdnsGroup), sink);
    assertThat(t.isEmpty()).isTrue();
    t.flush(sink);
    assertThat(sink.transactions).isEmpty();
    assertThat(sink.flows).isEmpty();
  }

  @Test
  void sessionEndsAfterIdleAndTheNextQueryStartsANewFlowId() {
    FlowTracker t = new FlowTracker(DissectionConfig.defaults());
    CollectingSink sink = new CollectingSink();
    t.onPacket(DnsWire.udp(true, 1_000, DnsWire.query(1, "a.test", A)), sink);
    t.onPacket(DnsWire.udp(false, 1_100, answerA(1, "a.test", 0)), sink);
    assertThat(t.udp()).isNotNull();
    assertThat(t.nextTimerMicros()).isEqualTo(1_100 + UdpFlow.IDLE_MICROS);
    t.onTimer(1_100 + UdpFlow.IDLE_MICROS, sink);
    assertThat(t.isEmpty()).isTrue();
    t.onPacket(DnsWire.udp(true, 9_000_000, DnsWire.query(2, "b.test", A)), sink);
    t.onPacket(DnsWire.udp(false, 9_000_100, answerA(2, "b.test", 0)), sink);
    assertThat(sink.transactions).hasSize(2);
    assertThat(sink.transactions.get(0).flowId()).isNotEqualTo(sink.transactions.get(1).flowId());
    assertThat(sink.transactions.get(1).id()).endsWith(":1");
  }

  @Test
  void responseSeenFirstMakesItsSenderTheServer() {
    CollectingSink sink = replay(DnsWire.udp(false, 1_000, answerA(5, "a.test", 0)));
    L7Transaction t = sink.transactions.get(0);
    assertThat(t.serverPort()).isEqualTo(53);
    assertThat(t.clientPort()).isEqualTo(DnsWire.CLIENT_PORT);
    assertThat(t.error()).isEqualTo("no query");
  }

  @Test
  void pendingQueriesAreBounded() {
    FlowTracker t = new FlowTracker(DissectionConfig.defaults());
    CollectingSink sink = new CollectingSink();
    for (int i = 0; i < DnsPairing.MAX_PENDING + 10; i++) {
      t.onPacket(DnsWire.udp(true, 1_000 + i, DnsWire.query(i, "q" + i + ".test", A)), sink);
    }
    assertThat(sink.transactions).hasSize(10).allMatch(x -> "no response".equals(x.error()));
    assertThat(sink.transactions.get(0).path()).isEqualTo("q0.test");
    assertThat(t.bufferedBytes()).isPositive();
  }
}
