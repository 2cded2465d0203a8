package io.wirelake.flink.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.l7.L7Recognizer;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.flink.testutil.Replay;
import io.wirelake.flink.testutil.TcpScript;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** DNS over TCP through reassembly: recognition by content, length-prefixed framing across segments, pairing. */
class DnsTcpTest {
  static byte[] answerA(int id, String name) {
    return DnsWire.response(id, name, DnsCodes.TYPE_A, 0, 1).record(DnsCodes.TYPE_A, new byte[] {10, 0, 0, 1}).bytes();
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  @Test
  void severalQueriesPerConnectionSplitAcrossSegments() {
    TcpScript s = new TcpScript(43701, 5391, 100, 900);
    s.handshake(1_000, 1_035, 1_070);
    byte[] q1 = DnsWire.tcp(DnsWire.query(1, "gw.lab.test", DnsCodes.TYPE_A));
    s.c(2_000, Arrays.copyOfRange(q1, 0, 1)); // half of the length prefix
    s.c(2_010, Arrays.copyOfRange(q1, 1, 9));
    s.c(2_020, Arrays.copyOfRange(q1, 9, q1.length)); // query 1 complete
    byte[] r1 = DnsWire.tcp(answerA(1, "gw.lab.test"));
    s.s(2_500, Arrays.copyOfRange(r1, 0, 2)); // response's first bytes: the length prefix alone
    s.s(5_257, Arrays.copyOfRange(r1, 2, r1.length));
    // two queries in one segment, answered together in one segment, in reverse order
    byte[] q2 = DnsWire.tcp(DnsWire.query(2, "ci.lab.test", DnsCodes.TYPE_AAAA));
    byte[] q3 = DnsWire.tcp(DnsWire.query(3, "absent.lab.test", DnsCodes.TYPE_A));
    s.c(6_000, concat(q2, q3));
    byte[] r3 = DnsWire.tcp(DnsWire.response(3, "absent.lab.test", DnsCodes.TYPE_A, 3, 0).bytes());
    byte[] r2 = DnsWire.tcp(DnsWire.response(2, "ci.lab.test", DnsCodes.TYPE_AAAA, 0, 0).bytes());
    s.s(6_045, concat(r3, r2));
    s.close(7_000);
    CollectingSink sink = Replay.run(s.packets, DissectionConfig.defaults());

    assertThat(sink.flows).hasSize(1);
    assertThat(sink.flows.get(0).l7Protocol()).isEqualTo("dns");
    assertThat(sink.transactions).hasSize(3);
    L7Transaction t1 = sink.transactions.get(0);
    assertThat(t1.path()).isEqualTo("gw.lab.test");
    assertThat(t1.requestTs()).isEqualTo(2_020);
    assertThat(t1.responseTs()).isEqualTo(5_257);
    assertThat(t1.latencyUs()).isEqualTo(3_237);
    assertThat(t1.ttfbUs()).isEqualTo(480);
    assertThat(t1.requestHeaders()).containsEntry("transport", "tcp");
    assertThat(t1.requestBytes()).isEqualTo(q1.length - 2);
    assertThat(t1.flowId()).isEqualTo(sink.flows.get(0).flowId());
    assertThat(sink.transactions).extracting(L7Transaction::path)
        .containsExactly("gw.lab.test", "absent.lab.test", "ci.lab.test");
    assertThat(sink.transactions.get(1).error()).isEqualTo("NXDOMAIN");
    assertThat(sink.transactions.get(1).latencyUs()).isEqualTo(45);
    assertThat(sink.transactions.get(2).latencyUs()).isEqualTo(45);
    assertThat(sink.transactions).extracting(L7Transaction::id)
        .containsExactly(t1.flowId() + ":1", t1.flowId() + ":2", t1.flowId() + ":3");
  }

  @Test
  void unansweredQueryIsEmittedWhenTheConnectionCloses() {
    TcpScript s = new TcpScript(40001, 53, 1, 2);
    s.handshake(1_000, 1_010, 1_020);
    s.c(2_000, DnsWire.tcp(DnsWire.query(4, "late.test", DnsCodes.TYPE_TXT)));
    s.close(3_000);
    CollectingSink sink = Replay.run(s.packets, DissectionConfig.defaults());
    assertThat(sink.transactions).hasSize(1);
    assertThat(sink.transactions.get(0).error()).isEqualTo("no response");
    assertThat(sink.transactions.get(0).method()).isEqualTo("TXT");
  }

  @Test
  void holeInsideAMessageKeepsTheFraming() {
    DnsTcpDissector d = new DnsTcpDissector();
    Ctx ctx = new Ctx();
    byte[] q1 = DnsWire.tcp(DnsWire.query(1, "a.test", 1));
    byte[] q2 = DnsWire.tcp(DnsWire.query(2, "b.test", 1));
    d.onData(L7Dissector.C2S, q1, 0, 5, 100, ctx);
    d.onGap(L7Dissector.C2S, 4, 110, ctx); // bytes 5..8 of query 1 missing
    d.onData(L7Dissector.C2S, concat(Arrays.copyOfRange(q1, 9, q1.length), q2), 0, q1.length - 9 + q2.length, 120, ctx);
    d.onData(L7Dissector.S2C, DnsWire.tcp(answerA(2, "b.test")), 0, DnsWire.tcp(answerA(2, "b.test")).length, 150, ctx);
    d.onClose(200, ctx);
    assertThat(d.damaged()).isEqualTo(1);
    assertThat(ctx.sink.transactions).hasSize(1);
    assertThat(ctx.sink.transactions.get(0).path()).isEqualTo("b.test");
    assertThat(ctx.sink.transactions.get(0).latencyUs()).isEqualTo(30);
  }

  @Test
  void holeAtAMessageBoundaryLosesTheDirection() {
    DnsTcpDissector d = new DnsTcpDissector();
    Ctx ctx = new Ctx();
    byte[] q1 = DnsWire.tcp(DnsWire.query(1, "a.test", 1));
    d.onData(L7Dissector.C2S, q1, 0, q1.length, 100, ctx);
    d.onGap(L7Dissector.S2C, 40, 120, ctx);
    d.onData(L7Dissector.S2C, DnsWire.tcp(answerA(1, "a.test")), 0, 10, 130, ctx);
    d.onClose(200, ctx);
    assertThat(ctx.sink.transactions).extracting(L7Transaction::error).containsExactly("no response (capture gap)");
    assertThat(d.bufferedBytes()).isZero();
  }

  @Test
  void recognizesQueriesAndResponsesButNotOtherProtocols() {
    DnsTcpRecognizer r = new DnsTcpRecognizer();
    byte[] q = DnsWire.tcp(DnsWire.query(0x1234, "gw.lab.test", 1));
    assertThat(r.recognize(L7Dissector.C2S, q, 0, q.length)).isEqualTo(L7Recognizer.MATCH);
    assertThat(r.recognize(L7Dissector.C2S, q, 0, 10)).isEqualTo(L7Recognizer.NEED_MORE);
    assertThat(r.recognize(L7Dissector.C2S, q, 0, 2)).isEqualTo(L7Recognizer.NEED_MORE); // length written alone
    byte[] ok = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(r.recognize(L7Dissector.S2C, ok, 0, ok.length)).isEqualTo(L7Recognizer.NO_MATCH); // never held
    assertThat(r.recognize(L7Dissector.S2C, q, 0, q.length)).isEqualTo(L7Recognizer.NO_MATCH);
    byte[] a = DnsWire.tcp(answerA(0x1234, "gw.lab.test"));
    assertThat(r.recognize(L7Dissector.S2C, a, 0, a.length)).isEqualTo(L7Recognizer.MATCH);
    for (String other : new String[] {"GET / HTTP/1.1\r\nHost: a\r\n\r\n", "*1\r\n$4\r\nPING\r\n",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "SET k v\r\n"}) {
      byte[] b = other.getBytes(StandardCharsets.US_ASCII);
      assertThat(r.recognize(L7Dissector.C2S, b, 0, b.length)).as(other).isEqualTo(L7Recognizer.NO_MATCH);
    }
    byte[] pgStartup = {0, 0, 0, 0x54, 0, 3, 0, 0, 'u', 's', 'e', 'r', 0, 'p', 'g', 0};
    assertThat(r.recognize(L7Dissector.C2S, pgStartup, 0, pgStartup.length)).isEqualTo(L7Recognizer.NO_MATCH);
    byte[] tls = {0x16, 3, 1, 2, 0, 1, 0, 1, (byte) 0xfc, 3, 3, 1, 2, 3, 4, 5, 6, 7};
    assertThat(r.recognize(L7Dissector.C2S, tls, 0, tls.length)).isEqualTo(L7Recognizer.NO_MATCH);
  }

  /** A context for driving the dissector directly. */
  static final class Ctx implements io.wirelake.flink.l7.L7Context {
    final CollectingSink sink = new CollectingSink();
    long seq;

    @Override
    public String flowId() {
      return "f";
    }

    @Override
    public String node() {
      return "n";
    }

    @Override
    public String clientIp() {
      return "10.0.0.1";
    }

    @Override
    public int clientPort() {
      return 40000;
    }

    @Override
    public String serverIp() {
      return "10.0.0.53";
    }

    @Override
    public int serverPort() {
      return 53;
    }

    @Override
    public DissectionConfig config() {
      return DissectionConfig.defaults();
    }

    @Override
    public long nextTransactionSeq() {
      return ++seq;
    }

    @Override
    public void emit(L7Transaction transaction) {
      sink.transaction(transaction);
    }
  }
}
