package io.wirelake.flink.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.tcp.FlowTracker;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.flink.testutil.TcpScript;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpDissectorTest {
  static CollectingSink run(TcpScript s, DissectionConfig cfg) {
    FlowTracker t = new FlowTracker(cfg);
    CollectingSink sink = new CollectingSink();
    for (Packet p : s.packets) {
      t.onPacket(p, sink);
    }
    t.flush(sink);
    return sink;
  }

  static CollectingSink run(TcpScript s) {
    return run(s, DissectionConfig.defaults());
  }

  static TcpScript open() {
    TcpScript s = new TcpScript();
    s.handshake(1_000, 1_010, 1_020);
    return s;
  }

  static String str(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void keepAlive() {
    TcpScript s = open();
    s.c(2_000, "GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n");
    s.s(2_300, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    s.c(3_000, "GET /b HTTP/1.1\r\nHost: example.com\r\n\r\n");
    s.s(3_100, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    s.close(4_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(2);
    L7Transaction a = tx.get(0);
    assertThat(a.method()).isEqualTo("GET");
    assertThat(a.path()).isEqualTo("/a");
    assertThat(a.host()).isEqualTo("example.com");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.requestTs()).isEqualTo(2_000);
    assertThat(a.responseTs()).isEqualTo(2_300);
    assertThat(a.latencyUs()).isEqualTo(300);
    assertThat(a.ttfbUs()).isEqualTo(300);
    assertThat(a.responseBytes()).isEqualTo(5);
    assertThat(str(a.responseBody())).isEqualTo("hello");
    assertThat(a.protocol()).isEqualTo("http/1.1");
    assertThat(a.clientIp()).isEqualTo("10.0.0.1");
    assertThat(a.serverPort()).isEqualTo(80);
    assertThat(a.error()).isNull();
    assertThat(tx.get(1).status()).isEqualTo(404);
    assertThat(tx.get(1).latencyUs()).isEqualTo(100);
    assertThat(tx.get(0).id()).endsWith(":1");
    assertThat(tx.get(1).id()).endsWith(":2");
  }

  @Test
  void responseSpanningSegmentsCompletesAtItsLastByteAndTtfbAtTheFirst() {
    TcpScript s = open();
    s.c(2_000, "POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n01234");
    s.c(2_050, "56789");
    s.s(2_400, "HTTP/1.1 201 Created\r\nContent-Length: 6\r\n\r\nab");
    s.s(2_700, "cdef");
    s.close(3_000);
    L7Transaction x = run(s).transactions.get(0);
    assertThat(x.requestTs()).isEqualTo(2_050);
    assertThat(x.requestBytes()).isEqualTo(10);
    assertThat(str(x.requestBody())).isEqualTo("0123456789");
    assertThat(x.latencyUs()).isEqualTo(650);
    assertThat(x.ttfbUs()).isEqualTo(350);
    assertThat(x.responseBytes()).isEqualTo(6);
  }

  @Test
  void pipelining() {
    TcpScript s = open();
    s.c(2_000, "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\nHEAD /3 HTTP/1.1\r\nHost: h\r\n\r\n");
    s.s(2_100, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nAHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nB");
    s.s(2_200, "BHTTP/1.1 202 Accepted\r\nContent-Length: 99\r\n\r\n");
    s.close(3_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).extracting(L7Transaction::path).containsExactly("/1", "/2", "/3");
    assertThat(tx).extracting(L7Transaction::status).containsExactly(200, 201, 202);
    assertThat(tx).extracting(L7Transaction::latencyUs).containsExactly(100L, 200L, 200L);
    assertThat(tx).extracting(L7Transaction::responseBytes).containsExactly(1L, 2L, 0L);
    assertThat(tx).allMatch(t -> t.error() == null);
  }

  @Test
  void chunkedWithTrailers() {
    TcpScript s = open();
    s.c(2_000, "GET /c HTTP/1.1\r\nHost: h\r\n\r\n");
    s.s(2_100, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n");
    s.s(2_200, "6\r\n world\r\n0\r\nX-Checksum: abc\r\n");
    s.s(2_300, "\r\n");
    s.c(2_400, "GET /next HTTP/1.1\r\nHost: h\r\n\r\n");
    s.s(2_500, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    s.close(3_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(2);
    assertThat(tx.get(0).responseTs()).isEqualTo(2_300);
    assertThat(tx.get(0).responseBytes()).isEqualTo(11);
    assertThat(str(tx.get(0).responseBody())).isEqualTo("hello world");
    assertThat(tx.get(1).responseBytes()).isEqualTo(3);
    assertThat(tx.get(1).latencyUs()).isEqualTo(100);
    assertThat(tx).allMatch(t -> t.error() == null);
  }

  @Test
  void headHasNoBody() {
    TcpScript s = open();
    s.c(2_000, "HEAD /big HTTP/1.1\r\nHost: h\r\n\r\n");
    s.s(2_050, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n");
    s.c(2_100, "GET /small HTTP/1.1\r\nHost: h\r\n\r\n");
    s.s(2_180, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    s.close(3_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).extracting(L7Transaction::method).containsExactly("HEAD", "GET");
    assertThat(tx).extracting(L7Transaction::latencyUs).containsExactly(50L, 80L);
    assertThat(tx).extracting(L7Transaction::responseBytes).containsExactly(0L, 2L);
    assertThat(tx.get(0).responseHeaders()).containsEntry("content-length", "1000000");
  }

  @Test
  void notModifiedAndNoContentHaveNoBody() {
    TcpScript s = open();
    s.c(2_000, "GET /p HTTP/1.1\r\nIf-None-Match: \"x\"\r\n\r\n");
    s.s(2_040, "HTTP/1.1 304 Not Modified\r\nContent-Length: 18199\r\n\r\n");
    s.c(2_100, "DELETE /p/1 HTTP/1.1\r\n\r\n");
    s.s(2_130, "HTTP/1.1 204 No Content\r\n\r\n");
    s.close(3_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).extracting(L7Transaction::status).containsExactly(304, 204);
    assertThat(tx).extracting(L7Transaction::latencyUs).containsExactly(40L, 30L);
    assertThat(tx).extracting(L7Transaction::route).containsExactly("/p", "/p/{id}");
  }

  @Test
  void continueInterimResponseIsNotTheFinalResponse() {
    TcpScript s = open();
    s.c(2_000, "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    s.s(2_010, "HTTP/1.1 100 Continue\r\n\r\n");
    s.c(2_050, "data");
    s.s(2_090, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
    s.close(3_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(1);
    L7Transaction x = tx.get(0);
    assertThat(x.status()).isEqualTo(201);
    assertThat(x.requestTs()).isEqualTo(2_050); // the body completes the request
    assertThat(x.responseTs()).isEqualTo(2_090);
    assertThat(x.latencyUs()).isEqualTo(40);
    assertThat(x.ttfbUs()).isEqualTo(40); // first byte of the final response
    assertThat(x.requestBytes()).isEqualTo(4);
  }

  @Test
  void closeDelimitedBodyCompletesAtTheFin() {
    TcpScript s = open();
    s.c(2_000, "GET /old HTTP/1.0\r\n\r\n");
    s.s(2_100, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst ");
    s.s(2_200, "second");
    s.sFin(2_300);
    s.cFin(2_310);
    s.sAck(2_320);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(1);
    L7Transaction x = tx.get(0);
    assertThat(x.responseTs()).isEqualTo(2_300);
    assertThat(x.latencyUs()).isEqualTo(300);
    assertThat(x.responseBytes()).isEqualTo(12);
    assertThat(str(x.responseBody())).isEqualTo("first second");
    assertThat(x.host()).isNull();
    assertThat(x.error()).isNull();
  }

  @Test
  void http10WithContentLength() {
    TcpScript s = open();
    s.c(2_000, "GET /static/style.css HTTP/1.0\r\nHost: 127.0.0.1:8080\r\n\r\n");
    s.s(2_200, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\n");
    s.s(2_250, "a{}");
    s.sFin(2_260);
    s.cFin(2_270);
    s.sAck(2_280);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(1);
    assertThat(tx.get(0).latencyUs()).isEqualTo(250); // the last body byte, not the FIN
    assertThat(tx.get(0).ttfbUs()).isEqualTo(200);
  }

  @Test
  void masksSecretsAndKeepsTheScheme() {
    TcpScript s = open();
    s.c(2_000, "GET /me HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer abc.def.ghi\r\nCookie: sid=s3cr3t; theme=dark\r\n"
        + "X-Api-Key: k-123\r\nX-Refresh-Token: rt\r\nMy-Secret-Header: shh\r\nX-Request-Id: 77\r\n\r\n");
    s.s(2_100, "HTTP/1.1 200 OK\r\nSet-Cookie: sid=new; Path=/; HttpOnly\r\nContent-Length: 0\r\n\r\n");
    s.close(3_000);
    L7Transaction x = run(s).transactions.get(0);
    assertThat(x.hasAuthorization()).isTrue();
    assertThat(x.requestHeaders())
        .containsEntry("authorization", "Bearer ***")
        .containsEntry("cookie", "sid=***; theme=***")
        .containsEntry("x-api-key", "***")
        .containsEntry("x-refresh-token", "***")
        .containsEntry("my-secret-header", "***")
        .containsEntry("x-request-id", "77");
    assertThat(x.responseHeaders()).containsEntry("set-cookie", "sid=***; Path=/; HttpOnly");
    assertThat(x.requestHeaders().toString()).doesNotContain("abc.def", "s3cr3t", "k-123", "shh");

    CollectingSink raw = run(s, DissectionConfig.defaults().withMaskSecrets(false));
    assertThat(raw.transactions.get(0).requestHeaders()).containsEntry("authorization", "Bearer abc.def.ghi");
  }

  @Test
  void bodyIsCappedButCounted() {
    TcpScript s = open();
    String body = "x".repeat(100);
    s.c(2_000, "PUT /blob HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + body);
    s.s(2_100, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + body);
    s.close(3_000);
    L7Transaction x = run(s, DissectionConfig.defaults().withBodyCapBytes(10)).transactions.get(0);
    assertThat(x.requestBytes()).isEqualTo(100);
    assertThat(x.requestBody()).hasSize(10);
    assertThat(x.responseBytes()).isEqualTo(100);
    assertThat(x.responseBody()).hasSize(10);
    assertThat(x.hasAuthorization()).isFalse();
  }

  @Test
  void bareLineFeeds() {
    TcpScript s = open();
    s.c(2_000, "GET /lf?q=1 HTTP/1.1\nHost: lf\n\n");
    s.s(2_100, "HTTP/1.1 200 OK\nContent-Length: 2\n\nok");
    s.close(3_000);
    L7Transaction x = run(s).transactions.get(0);
    assertThat(x.path()).isEqualTo("/lf?q=1");
    assertThat(x.route()).isEqualTo("/lf");
    assertThat(x.host()).isEqualTo("lf");
    assertThat(x.status()).isEqualTo(200);
    assertThat(x.latencyUs()).isEqualTo(100);
    assertThat(x.responseBytes()).isEqualTo(2);
  }

  @Test
  void headersSplitAcrossSegmentsAndOutOfOrder() {
    TcpScript s = open();
    long base = s.clientSeq;
    String req = "GET /split HTTP/1.1\r\nHost: h\r\n\r\n";
    s.cAt(2_000, base + 10, req.substring(10)); // the tail arrives first
    s.cAt(2_100, base, req.substring(0, 10)); // the head fills the hole: completes the request
    s.clientSeq = base + req.length();
    s.s(2_300, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    s.close(3_000);
    CollectingSink sink = run(s);
    L7Transaction x = sink.transactions.get(0);
    assertThat(x.path()).isEqualTo("/split");
    assertThat(x.requestTs()).isEqualTo(2_100);
    assertThat(x.latencyUs()).isEqualTo(200);
    assertThat(sink.flows.get(0).outOfOrder()).isEqualTo(1);
  }

  @Test
  void gapInRequestIsAnErrorAndTheParserResyncs() {
    DissectionConfig cfg = DissectionConfig.defaults().withGapTimeoutMicros(1_000);
    TcpScript s = open();
    long base = s.clientSeq;
    String r1 = "GET /lost HTTP/1.1\r\nHost: h\r\n\r\n";
    String r2 = "GET /after HTTP/1.1\r\nHost: h\r\n\r\n";
    s.cAt(2_000, base, r1.substring(0, 8));
    // r1's middle never arrives; r1's tail and r2 come in one segment
    s.cAt(2_010, base + 20, r1.substring(20) + r2);
    s.clientSeq = base + r1.length() + r2.length();
    s.s(2_100, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    FlowTracker t = new FlowTracker(cfg);
    CollectingSink sink = new CollectingSink();
    for (Packet p : s.packets) {
      t.onPacket(p, sink);
    }
    t.onTimer(t.nextTimerMicros(), sink); // the gap times out (3_010)
    TcpScript later = s;
    later.packets.clear();
    later.s(5_000, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    later.close(6_000);
    for (Packet p : later.packets) {
      t.onPacket(p, sink);
    }
    List<L7Transaction> tx = sink.transactions;
    assertThat(tx).hasSize(2);
    assertThat(tx.get(0).error()).isEqualTo("gap in request");
    assertThat(tx.get(0).status()).isEqualTo(400);
    assertThat(tx.get(1).path()).isEqualTo("/after");
    assertThat(tx.get(1).status()).isEqualTo(200);
    assertThat(tx.get(1).requestTs()).isEqualTo(2_010);
    assertThat(sink.flows.get(0).l7Protocol()).isEqualTo("http/1.1");
  }

  @Test
  void unansweredRequestAtConnectionEnd() {
    TcpScript s = open();
    s.c(2_000, "GET /1 HTTP/1.1\r\n\r\n");
    s.s(2_100, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    s.c(2_200, "GET /2 HTTP/1.1\r\n\r\n");
    s.cRst(2_300);
    CollectingSink sink = run(s);
    assertThat(sink.transactions).hasSize(2);
    L7Transaction x = sink.transactions.get(1);
    assertThat(x.path()).isEqualTo("/2");
    assertThat(x.status()).isNull();
    assertThat(x.latencyUs()).isNull();
    assertThat(x.error()).isEqualTo("no response");
    assertThat(sink.flows.get(0).closeReason()).isEqualTo("rst");
  }

  @Test
  void malformedRequestLineIsAnError() {
    TcpScript s = open();
    s.c(2_000, "GET /nover\r\nHost: h\r\n\r\n");
    s.s(2_100, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    s.c(2_200, "GET /ok HTTP/1.1\r\n\r\n");
    s.s(2_300, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    s.close(3_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(2);
    assertThat(tx.get(0).error()).isEqualTo("malformed request");
    assertThat(tx.get(0).status()).isEqualTo(400);
    assertThat(tx.get(1).error()).isNull();
    assertThat(tx.get(1).latencyUs()).isEqualTo(100);
  }

  @Test
  void unrecognisedStreamsProduceNothing() {
    TcpScript s = open();
    s.c(2_000, "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003 not a protocol we know\r\n");
    s.s(2_100, "\u0015\u0003\u0003\u0000\u0002\u0002\u0028");
    s.close(3_000);
    CollectingSink sink = run(s);
    assertThat(sink.transactions).isEmpty();
    assertThat(sink.flows.get(0).l7Protocol()).isNull();
  }

  @Test
  void otherProtocolsAreNotTakenForHttp() {
    TcpScript redis = open();
    redis.c(2_000, "*1\r\n$4\r\nPING\r\n");
    redis.s(2_100, "+PONG\r\n");
    redis.close(3_000);
    assertThat(run(redis).flows.get(0).l7Protocol()).isEqualTo("redis");

    TcpScript h2 = open();
    h2.c(2_000, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    h2.close(3_000);
    CollectingSink sink2 = run(h2);
    assertThat(sink2.transactions).noneMatch(t -> "http/1.1".equals(t.protocol()));
    assertThat(sink2.flows.get(0).l7Protocol()).isNotEqualTo("http/1.1");
  }

  @Test
  void recognitionWaitsForEnoughBytes() {
    TcpScript s = open();
    s.c(2_000, "GE");
    s.c(2_010, "T / HTTP/1.1\r\n\r\n");
    s.s(2_100, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    s.close(3_000);
    CollectingSink sink = run(s);
    assertThat(sink.transactions).hasSize(1);
    assertThat(sink.transactions.get(0).requestTs()).isEqualTo(2_010);
    assertThat(sink.transactions.get(0).latencyUs()).isEqualTo(90);
  }

  @Test
  void routeTemplating() {
    assertThat(RouteTemplate.route("/users/123/orders/550e8400-e29b-41d4-a716-446655440000?x=1"))
        .isEqualTo("/users/{id}/orders/{id}");
    assertThat(RouteTemplate.route("/objects/5f1d7a9e3c2b4a0012345678/raw")).isEqualTo("/objects/{id}/raw");
    assertThat(RouteTemplate.route("/static/page.html?x=1&y=two")).isEqualTo("/static/page.html");
    assertThat(RouteTemplate.route("/api/v2/cafe")).isEqualTo("/api/v2/cafe");
    assertThat(RouteTemplate.route("http://example.com/a/42")).isEqualTo("/a/{id}");
    assertThat(RouteTemplate.route("/")).isEqualTo("/");
  }

  @Test
  void maskingIsConfigurablePerHeader() {
    TcpScript s = open();
    s.c(2_000, "GET /a HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer abc.def\r\nX-Session: s3cr3t\r\n"
        + "X-Request-Id: r1\r\n\r\n");
    s.s(2_100, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    s.close(3_000);
    var byDefault = run(s).transactions.get(0).requestHeaders();
    assertThat(byDefault).containsEntry("authorization", "Bearer ***").containsEntry("x-session", "s3cr3t");

    var configured = run(s, DissectionConfig.defaults().withMaskedHeaders("X-Session")
        .withUnmaskedHeaders("authorization")).transactions.get(0).requestHeaders();
    assertThat(configured).containsEntry("x-session", "***").containsEntry("authorization", "Bearer abc.def")
        .containsEntry("x-request-id", "r1");

    var off = run(s, DissectionConfig.defaults().withMaskSecrets(false)).transactions.get(0).requestHeaders();
    assertThat(off).containsEntry("authorization", "Bearer abc.def");
  }
}
