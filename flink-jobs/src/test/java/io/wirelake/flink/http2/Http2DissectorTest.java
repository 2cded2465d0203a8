package io.wirelake.flink.http2;

import static io.wirelake.flink.http2.FrameBuilder.ascii;
import static io.wirelake.flink.http2.FrameBuilder.cat;
import static io.wirelake.flink.http2.FrameBuilder.data;
import static io.wirelake.flink.http2.FrameBuilder.frame;
import static io.wirelake.flink.http2.FrameBuilder.goaway;
import static io.wirelake.flink.http2.FrameBuilder.grpcMessage;
import static io.wirelake.flink.http2.FrameBuilder.headers;
import static io.wirelake.flink.http2.FrameBuilder.preface;
import static io.wirelake.flink.http2.FrameBuilder.rst;
import static io.wirelake.flink.http2.FrameBuilder.settings;
import static io.wirelake.flink.http2.FrameBuilder.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.tcp.FlowTracker;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.flink.testutil.TcpScript;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The HTTP/2 and gRPC dissector on hand-built connections (frames split and merged across TCP segments). */
class Http2DissectorTest {
  static final String[] GET_A = {":method", "GET", ":scheme", "http", ":path", "/a/12345", ":authority", "example.com",
      "authorization", "Bearer abc.def", "user-agent", "t"};

  static CollectingSink run(TcpScript s, DissectionConfig cfg) {
    FlowTracker t = new FlowTracker(cfg);
    CollectingSink sink = new CollectingSink();
    for (Packet p : s.packets) {
      t.onPacket(p, sink);
    }
    t.flush(sink);
    sink.transactions.sort(Comparator.comparingLong(x -> Long.parseLong(x.id().substring(x.id().lastIndexOf(':') + 1))));
    return sink;
  }

  static CollectingSink run(TcpScript s) {
    return run(s, DissectionConfig.defaults());
  }

  static TcpScript open() {
    TcpScript s = new TcpScript(40000, 8080, 1000, 5000);
    s.handshake(1_000, 1_010, 1_020);
    return s;
  }

  static String str(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void oneGetGivesOneRowWithHttp2Columns() {
    TcpScript s = open();
    s.c(2_000, cat(preface(), headers(1, true, GET_A)));
    s.s(2_100, settings());
    s.s(2_400, cat(headers(1, false, ":status", "200", "content-type", "text/plain", "set-cookie", "sid=42; Path=/"),
        data(1, false, ascii("hel"))));
    s.s(2_900, data(1, true, ascii("lo")));
    s.close(5_000);
    CollectingSink sink = run(s);
    assertThat(sink.flows).singleElement().satisfies(f -> assertThat(f.l7Protocol()).isEqualTo("http/2"));
    assertThat(sink.transactions).hasSize(1);
    L7Transaction x = sink.transactions.get(0);
    assertThat(x.protocol()).isEqualTo("http/2");
    assertThat(x.method()).isEqualTo("GET");
    assertThat(x.path()).isEqualTo("/a/12345");
    assertThat(x.route()).isEqualTo("/a/{id}");
    assertThat(x.host()).isEqualTo("example.com");
    assertThat(x.status()).isEqualTo(200);
    assertThat(x.requestTs()).isEqualTo(2_000);
    assertThat(x.responseTs()).isEqualTo(2_900);
    assertThat(x.latencyUs()).isEqualTo(900);
    assertThat(x.ttfbUs()).isEqualTo(400);
    assertThat(x.requestBytes()).isZero();
    assertThat(x.responseBytes()).isEqualTo(5);
    assertThat(str(x.responseBody())).isEqualTo("hello");
    assertThat(x.hasAuthorization()).isTrue();
    assertThat(x.requestHeaders()).containsEntry(":method", "GET").containsEntry(":path", "/a/12345")
        .containsEntry("authorization", "Bearer ***").containsEntry("user-agent", "t");
    assertThat(x.responseHeaders()).containsEntry(":status", "200").containsEntry("set-cookie", "sid=***; Path=/");
    assertThat(x.error()).isNull();
    assertThat(x.id()).isEqualTo(x.flowId() + ":1");
  }

  @Test
  void frameCompletesAtTheSegmentHoldingItsLastByte() {
    TcpScript s = open();
    byte[] req = cat(preface(), headers(1, false, ":method", "POST", ":path", "/up", ":authority", "h"),
        data(1, true, ascii("0123456789")));
    int cut = req.length - 4; // the DATA frame with END_STREAM ends in the second segment
    s.c(2_000, slice(req, 0, cut));
    s.c(2_050, slice(req, cut, req.length));
    byte[] resp = cat(settings(), headers(1, false, ":status", "201"), data(1, true, ascii("ok")));
    s.s(2_300, slice(resp, 0, 20)); // inside the HEADERS frame
    s.s(2_350, slice(resp, 20, resp.length - 1));
    s.s(2_600, slice(resp, resp.length - 1, resp.length));
    s.close(5_000);
    L7Transaction x = run(s).transactions.get(0);
    assertThat(x.requestTs()).isEqualTo(2_050);
    assertThat(x.ttfbUs()).isEqualTo(300); // HEADERS complete at 2_350
    assertThat(x.responseTs()).isEqualTo(2_600);
    assertThat(x.latencyUs()).isEqualTo(550);
    assertThat(x.requestBytes()).isEqualTo(10);
    assertThat(str(x.requestBody())).isEqualTo("0123456789");
  }

  @Test
  void headerBlockSpansContinuationFrames() {
    TcpScript s = open();
    byte[] block = FrameBuilder.block(GET_A);
    int a = 7;
    int b = 20;
    byte[] req = cat(preface(),
        frame(Http2Frames.HEADERS, Http2Frames.FLAG_END_STREAM, 1, slice(block, 0, a)),
        frame(Http2Frames.CONTINUATION, 0, 1, slice(block, a, b)),
        frame(Http2Frames.CONTINUATION, Http2Frames.FLAG_END_HEADERS, 1, slice(block, b, block.length)));
    int cut = preface().length + 9 + a + 5; // the HEADERS frame and part of the first CONTINUATION
    s.c(2_000, slice(req, 0, cut));
    s.c(2_020, slice(req, cut, req.length));
    s.s(2_500, cat(settings(), headers(1, true, ":status", "404")));
    s.close(5_000);
    L7Transaction x = run(s).transactions.get(0);
    assertThat(x.method()).isEqualTo("GET");
    assertThat(x.path()).isEqualTo("/a/12345");
    assertThat(x.host()).isEqualTo("example.com");
    assertThat(x.status()).isEqualTo(404);
    // END_STREAM counts at the HEADERS frame (as tshark reports it), completed by the first segment
    assertThat(x.requestTs()).isEqualTo(2_000);
    assertThat(x.latencyUs()).isEqualTo(500);
    assertThat(x.error()).isNull();
  }

  @Test
  void paddingAndPriorityAreStripped() {
    TcpScript s = open();
    byte[] block = FrameBuilder.block(":method", "POST", ":path", "/p", ":authority", "h");
    // HEADERS: pad length 3, priority (5 octets), block, 3 octets of padding
    byte[] hp = cat(new byte[] {3}, new byte[] {0, 0, 0, 0, 16}, block, new byte[3]);
    // DATA: pad length 4, "body", 4 octets of padding
    byte[] dp = cat(new byte[] {4}, ascii("body"), new byte[4]);
    s.c(2_000, cat(preface(),
        frame(Http2Frames.HEADERS, Http2Frames.FLAG_END_HEADERS | Http2Frames.FLAG_PADDED | Http2Frames.FLAG_PRIORITY, 1, hp),
        frame(Http2Frames.DATA, Http2Frames.FLAG_PADDED | Http2Frames.FLAG_END_STREAM, 1, dp)));
    // a padded DATA frame whose padding arrives in a later segment: it completes there
    byte[] rp = cat(new byte[] {2}, ascii("resp"), new byte[2]);
    byte[] resp = cat(settings(), headers(1, false, ":status", "200"),
        frame(Http2Frames.DATA, Http2Frames.FLAG_PADDED | Http2Frames.FLAG_END_STREAM, 1, rp));
    s.s(2_200, slice(resp, 0, resp.length - 1));
    s.s(2_300, slice(resp, resp.length - 1, resp.length));
    s.close(5_000);
    L7Transaction x = run(s).transactions.get(0);
    assertThat(x.path()).isEqualTo("/p");
    assertThat(x.requestBytes()).isEqualTo(4);
    assertThat(str(x.requestBody())).isEqualTo("body");
    assertThat(x.responseBytes()).isEqualTo(4);
    assertThat(str(x.responseBody())).isEqualTo("resp");
    assertThat(x.responseTs()).isEqualTo(2_300);
    assertThat(x.error()).isNull();
  }

  @Test
  void multiplexedStreamsGetTheirOwnTimes() {
    TcpScript s = open();
    s.c(2_000, cat(preface(), headers(1, true, ":method", "GET", ":path", "/slow", ":authority", "h")));
    s.c(2_100, headers(3, true, ":method", "GET", ":path", "/fast", ":authority", "h"));
    s.s(2_200, cat(settings(), headers(3, false, ":status", "200"), headers(1, false, ":status", "200"),
        data(3, false, ascii("f"))));
    s.s(2_300, cat(data(1, false, ascii("s")), data(3, true, ascii("ast"))));
    s.s(2_900, data(1, true, ascii("low")));
    s.close(5_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(2);
    assertThat(tx.get(0).path()).isEqualTo("/slow");
    assertThat(tx.get(0).latencyUs()).isEqualTo(900);
    assertThat(tx.get(0).ttfbUs()).isEqualTo(200);
    assertThat(str(tx.get(0).responseBody())).isEqualTo("slow");
    assertThat(tx.get(1).path()).isEqualTo("/fast");
    assertThat(tx.get(1).latencyUs()).isEqualTo(200);
    assertThat(tx.get(1).ttfbUs()).isEqualTo(100);
    assertThat(str(tx.get(1).responseBody())).isEqualTo("fast");
  }

  @Test
  void resetStreamGivesARowWithTheErrorAndOthersGoOn() {
    TcpScript s = open();
    s.c(2_000, cat(preface(), headers(1, true, ":method", "GET", ":path", "/big", ":authority", "h"),
        headers(3, true, ":method", "GET", ":path", "/small", ":authority", "h")));
    s.s(2_100, cat(settings(), headers(1, false, ":status", "200"), data(1, false, ascii("xxxx"))));
    s.c(2_200, rst(1, 8)); // CANCEL
    s.s(2_250, data(1, false, ascii("late"))); // in flight: ignored
    s.s(2_300, headers(3, true, ":status", "204"));
    s.close(5_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(2);
    L7Transaction big = tx.get(0);
    assertThat(big.error()).isEqualTo("RST_STREAM CANCEL by client");
    assertThat(big.status()).isEqualTo(200);
    assertThat(big.responseTs()).isNull();
    assertThat(big.latencyUs()).isNull();
    assertThat(big.responseBytes()).isEqualTo(4);
    assertThat(tx.get(1).status()).isEqualTo(204);
    assertThat(tx.get(1).error()).isNull();
  }

  @Test
  void goawayEndsStreamsAboveItsLastStreamId() {
    TcpScript s = open();
    s.c(2_000, cat(preface(), headers(1, true, ":method", "GET", ":path", "/one", ":authority", "h"),
        headers(3, true, ":method", "GET", ":path", "/two", ":authority", "h")));
    s.s(2_100, cat(settings(), goaway(1, 0)));
    s.s(2_200, headers(1, true, ":status", "200"));
    s.close(5_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(2);
    assertThat(tx.get(0).path()).isEqualTo("/one");
    assertThat(tx.get(0).error()).isNull();
    assertThat(tx.get(0).latencyUs()).isEqualTo(200);
    assertThat(tx.get(1).path()).isEqualTo("/two");
    assertThat(tx.get(1).error()).isEqualTo("GOAWAY NO_ERROR by server: stream not processed");
    assertThat(tx.get(1).status()).isNull();
  }

  @Test
  void clientGoawayDoesNotEndClientStreams() {
    TcpScript s = open();
    s.c(2_000, cat(preface(), headers(1, true, ":method", "GET", ":path", "/", ":authority", "h"), goaway(0, 0)));
    s.s(2_300, cat(settings(), headers(1, true, ":status", "200")));
    s.close(5_000);
    L7Transaction x = run(s).transactions.get(0);
    assertThat(x.error()).isNull();
    assertThat(x.latencyUs()).isEqualTo(300);
  }

  @Test
  void unansweredStreamsEndWithAnErrorAtClose() {
    TcpScript s = open();
    s.c(2_000, cat(preface(), headers(1, true, ":method", "GET", ":path", "/x", ":authority", "h"),
        headers(3, false, ":method", "POST", ":path", "/y", ":authority", "h")));
    s.s(2_100, cat(settings(), headers(3, false, ":status", "200")));
    s.close(5_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).extracting(L7Transaction::error)
        .containsExactly("no response", "response incomplete at connection end");
  }

  static final String[] GRPC_CALL = {":method", "POST", ":scheme", "http", ":path", "/demo.Greeter/SayHello",
      ":authority", "127.0.0.1:50072", "content-type", "application/grpc", "te", "trailers"};

  @Test
  void trailersOnlyGrpcResponseTakesItsStatusFromTheHeaders() {
    TcpScript s = open();
    s.s(1_500, settings()); // grpcio: the server's SETTINGS come first
    s.c(2_000, cat(preface(), headers(1, false, GRPC_CALL), data(1, true, grpcMessage(7))));
    s.s(2_150, headers(1, true, ":status", "200", "content-type", "application/grpc", "grpc-status", "12",
        "grpc-message", "Method%20not%20found!"));
    s.close(5_000);
    CollectingSink sink = run(s);
    assertThat(sink.flows.get(0).l7Protocol()).isEqualTo("http/2");
    L7Transaction x = sink.transactions.get(0);
    assertThat(x.protocol()).isEqualTo("grpc");
    assertThat(x.method()).isEqualTo("/demo.Greeter/SayHello");
    assertThat(x.route()).isEqualTo("/demo.Greeter/SayHello");
    assertThat(x.status()).isEqualTo(12);
    assertThat(x.error()).isEqualTo("UNIMPLEMENTED: Method not found!");
    assertThat(x.latencyUs()).isEqualTo(150);
    assertThat(x.ttfbUs()).isEqualTo(150);
    assertThat(x.requestBytes()).isEqualTo(12);
    assertThat(x.responseBytes()).isZero();
    assertThat(x.requestHeaders()).containsEntry(":method", "POST").containsEntry(Http2Dissector.GRPC_REQUEST_MESSAGES, "1");
    assertThat(x.responseHeaders()).containsEntry(":status", "200").containsEntry("grpc-status", "12")
        .containsEntry(Http2Dissector.GRPC_RESPONSE_MESSAGES, "0");
  }

  @Test
  void grpcMessagesAreCountedAcrossDataFramesAndTrailersGiveTheStatus() {
    TcpScript s = open();
    s.c(2_000, cat(preface(), headers(1, false, GRPC_CALL), data(1, true, grpcMessage(3))));
    byte[] msgs = cat(grpcMessage(10), grpcMessage(0), grpcMessage(20));
    s.s(2_100, cat(settings(), headers(1, false, ":status", "200", "content-type", "application/grpc+proto"),
        data(1, false, slice(msgs, 0, 8))));
    s.s(2_200, data(1, false, slice(msgs, 8, 30)));
    s.s(2_300, cat(data(1, false, slice(msgs, 30, msgs.length)),
        headers(1, true, "grpc-status", "8", "grpc-message", "too many items requested")));
    s.close(5_000);
    L7Transaction x = run(s).transactions.get(0);
    assertThat(x.protocol()).isEqualTo("grpc");
    assertThat(x.status()).isEqualTo(8);
    assertThat(x.error()).isEqualTo("RESOURCE_EXHAUSTED: too many items requested");
    assertThat(x.responseBytes()).isEqualTo(msgs.length);
    assertThat(x.responseHeaders()).containsEntry(Http2Dissector.GRPC_RESPONSE_MESSAGES, "3")
        .containsEntry("grpc-status", "8").containsEntry(":status", "200");
    assertThat(x.latencyUs()).isEqualTo(300);
    assertThat(x.ttfbUs()).isEqualTo(100);
  }

  @Test
  void okGrpcCallHasNoError() {
    TcpScript s = open();
    s.c(2_000, cat(preface(), headers(1, false, GRPC_CALL), data(1, true, grpcMessage(3))));
    s.s(2_100, cat(settings(), headers(1, false, ":status", "200", "content-type", "application/grpc"),
        data(1, false, grpcMessage(4)), headers(1, true, "grpc-status", "0")));
    s.close(5_000);
    L7Transaction x = run(s).transactions.get(0);
    assertThat(x.status()).isZero();
    assertThat(x.error()).isNull();
  }

  @Test
  void hpackDynamicTableCarriesAcrossRequestsOfAConnection() {
    TcpScript s = open();
    // C.3.1 then C.3.2 of RFC 7541 as two requests: the second refers to ":authority" in the dynamic table
    byte[] one = Http2HpackTest.hex("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d");
    byte[] two = Http2HpackTest.hex("8286 84be 5808 6e6f 2d63 6163 6865");
    int flags = Http2Frames.FLAG_END_HEADERS | Http2Frames.FLAG_END_STREAM;
    s.c(2_000, cat(preface(), frame(Http2Frames.HEADERS, flags, 1, one), frame(Http2Frames.HEADERS, flags, 3, two)));
    s.s(2_100, cat(settings(), headers(1, true, ":status", "200"), headers(3, true, ":status", "200")));
    s.close(5_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).extracting(L7Transaction::host).containsExactly("www.example.com", "www.example.com");
    assertThat(tx.get(1).requestHeaders()).containsEntry("cache-control", "no-cache");
  }

  @Test
  void malformedFramesEndTheConnectionWithAnErrorRow() {
    TcpScript s = open();
    s.c(2_000, cat(preface(), headers(1, true, ":method", "GET", ":path", "/", ":authority", "h"),
        frame(Http2Frames.HEADERS, Http2Frames.FLAG_END_HEADERS, 3, Http2HpackTest.hex("be")))); // bad index
    s.s(2_100, cat(settings(), headers(1, true, ":status", "200")));
    s.close(5_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).singleElement().satisfies(x -> assertThat(x.error()).isEqualTo("client: HPACK index 62 beyond table"));
  }

  @Test
  void continuationOfAnotherStreamIsAProtocolError() {
    TcpScript s = open();
    s.c(2_000, cat(preface(), frame(Http2Frames.HEADERS, 0, 1, FrameBuilder.block(":method", "GET")),
        frame(Http2Frames.CONTINUATION, Http2Frames.FLAG_END_HEADERS, 3, FrameBuilder.block(":path", "/"))));
    s.close(5_000);
    CollectingSink sink = run(s);
    assertThat(sink.transactions).isEmpty(); // the stream never opened: its header block did not complete
  }

  @Test
  void aHoleInsideDataKeepsTheFraming() {
    TcpScript s = open();
    s.c(2_000, cat(preface(), headers(1, true, ":method", "GET", ":path", "/f", ":authority", "h")));
    byte[] resp = cat(settings(), headers(1, false, ":status", "200"), data(1, true, new byte[100]));
    int lost = resp.length - 60;
    s.s(2_100, slice(resp, 0, lost));
    s.serverSeq += 30; // 30 octets inside the DATA payload are never captured
    s.s(2_300, slice(resp, lost + 30, resp.length));
    s.cAck(12_400_000); // past the gap timeout
    s.close(12_500_000);
    L7Transaction x = run(s).transactions.get(0);
    assertThat(x.error()).isEqualTo("gap in response body");
    assertThat(x.responseBytes()).isEqualTo(100);
    assertThat(x.status()).isEqualTo(200);
    assertThat(x.responseTs()).isNotNull();
  }

  @Test
  void randomBytesNeverThrowAndEndInRows() {
    Random rnd = new Random(42);
    for (int round = 0; round < 300; round++) {
      TcpScript s = open();
      byte[] good = cat(preface(), headers(1, true, GET_A), headers(3, false, GRPC_CALL), data(3, true, grpcMessage(9)));
      byte[] junk = new byte[rnd.nextInt(200)];
      rnd.nextBytes(junk);
      if (round % 3 == 0 && junk.length > 3) {
        junk[3] = (byte) rnd.nextInt(10); // a plausible frame type
      }
      // corrupt one byte of an otherwise good stream, or append junk
      byte[] c2s = round % 2 == 0 ? cat(good, junk) : good.clone();
      if (round % 2 == 1) {
        c2s[24 + rnd.nextInt(c2s.length - 24)] ^= (byte) (1 + rnd.nextInt(255));
      }
      s.c(2_000, c2s);
      byte[] s2c = cat(settings(), headers(1, false, ":status", "200"), junk);
      s.s(2_100, s2c);
      s.close(5_000);
      CollectingSink sink = run(s);
      assertThat(sink.transactions.size()).isLessThanOrEqualTo(2 + 256);
      assertThat(sink.transactions).allSatisfy(x -> assertThat(x.protocol()).isIn("http/2", "grpc"));
    }
  }

  @Test
  void openStreamsAreCapped() {
    TcpScript s = open();
    s.c(2_000, preface());
    for (int i = 0; i < Http2Dissector.MAX_OPEN_STREAMS + 10; i++) {
      s.c(2_001 + i, headers(1 + 2 * i, true, ":method", "GET", ":path", "/" + i, ":authority", "h"));
    }
    s.close(5_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(Http2Dissector.MAX_OPEN_STREAMS + 10);
    assertThat(tx.subList(0, 10)).allSatisfy(x -> assertThat(x.error()).startsWith("more than 256 open streams"));
    assertThat(tx.get(10).error()).isEqualTo("no response");
  }

  @Test
  void recognizerAcceptsThePrefaceAndAServerSettingsFrame() {
    Http2Recognizer r = new Http2Recognizer();
    byte[] pre = preface();
    assertThat(r.recognize(0, pre, 0, 10)).isEqualTo(Http2Recognizer.NEED_MORE);
    assertThat(r.recognize(0, pre, 0, pre.length)).isEqualTo(Http2Recognizer.MATCH);
    assertThat(r.recognize(0, ascii("GET / HTTP/1.1\r\n"), 0, 16)).isEqualTo(Http2Recognizer.NO_MATCH);
    byte[] set = settings();
    assertThat(r.recognize(1, set, 0, 4)).isEqualTo(Http2Recognizer.NEED_MORE);
    assertThat(r.recognize(1, set, 0, set.length)).isEqualTo(Http2Recognizer.MATCH);
    assertThat(r.recognize(1, ascii("HTTP/1.1 200 OK\r\n"), 0, 17)).isEqualTo(Http2Recognizer.NO_MATCH);
    byte[] ack = frame(Http2Frames.SETTINGS, Http2Frames.FLAG_ACK, 0, new byte[0]);
    assertThat(r.recognize(1, ack, 0, ack.length)).isEqualTo(Http2Recognizer.NO_MATCH);
  }
}
