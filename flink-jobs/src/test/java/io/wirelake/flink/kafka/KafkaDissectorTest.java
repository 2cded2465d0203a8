package io.wirelake.flink.kafka;

import static io.wirelake.flink.kafka.KafkaFrames.batch;
import static io.wirelake.flink.kafka.KafkaFrames.cat;
import static io.wirelake.flink.kafka.KafkaFrames.concat;
import static io.wirelake.flink.kafka.KafkaFrames.request;
import static io.wirelake.flink.kafka.KafkaFrames.response;
import static io.wirelake.flink.kafka.KafkaFrames.size;
import static io.wirelake.flink.kafka.KafkaMessages.ORDERS_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.tcp.DissectionConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.record.MemoryRecords;
import org.junit.jupiter.api.Test;

/** Kafka rows from frames serialized by kafka-clients, fed straight into the dissector. */
class KafkaDissectorTest {
  static final int C2S = L7Dissector.C2S;
  static final int S2C = L7Dissector.S2C;

  final KafkaDissector d = new KafkaDissector(DissectionConfig.defaults());
  final FakeContext ctx = new FakeContext();

  void c(long ts, byte[] b) {
    d.onData(C2S, b, 0, b.length, ts, ctx);
  }

  void s(long ts, byte[] b) {
    d.onData(S2C, b, 0, b.length, ts, ctx);
  }

  List<L7Transaction> close() {
    d.onClose(99_999, ctx);
    return ctx.rows;
  }

  static byte[] apiVersions(int corr) {
    return request(KafkaMessages.apiVersionsRequest(), 3, corr, "producer-1");
  }

  static byte[] apiVersionsOk(int corr) {
    return response(KafkaMessages.apiVersionsResponse(0), 3, corr);
  }

  static byte[] metadata(int corr, String... topics) {
    return request(KafkaMessages.metadataRequest(topics), 12, corr, "producer-1");
  }

  static byte[] metadataOk(int corr, String[] topics, int[] errors) {
    return response(KafkaMessages.metadataResponse(topics, errors), 12, corr);
  }

  @Test
  void apiVersionsAndMetadataRowsCarryNamesTopicsErrorsAndTimes() {
    byte[] av = apiVersions(0);
    byte[] avr = apiVersionsOk(0);
    byte[] md = metadata(1, "orders", "payments");
    byte[] mdr = metadataOk(1, new String[] {"orders", "payments"}, new int[] {0, 3});
    c(100, av);
    s(250, avr);
    c(300, md);
    s(420, mdr);
    List<L7Transaction> tx = close();
    assertThat(tx).extracting(L7Transaction::method).containsExactly("ApiVersions", "Metadata");
    assertThat(tx).extracting(L7Transaction::protocol).containsOnly("kafka");
    assertThat(tx).extracting(L7Transaction::path).containsExactly(null, "orders,payments");
    assertThat(tx).extracting(L7Transaction::route).containsExactly(null, "orders,payments");
    assertThat(tx).extracting(L7Transaction::status).containsExactly(0, 3);
    assertThat(tx).extracting(L7Transaction::error).containsExactly(null, "UNKNOWN_TOPIC_OR_PARTITION");
    assertThat(tx).extracting(L7Transaction::latencyUs).containsExactly(150L, 120L);
    assertThat(tx).extracting(L7Transaction::ttfbUs).containsExactly(150L, 120L);
    assertThat(tx).extracting(L7Transaction::requestBytes).containsExactly(size(av), size(md));
    assertThat(tx).extracting(L7Transaction::responseBytes).containsExactly(size(avr), size(mdr));
    assertThat(tx.get(0).requestHeaders())
        .isEqualTo(Map.of("api_version", "3", "correlation_id", "0", "client_id", "producer-1"));
    assertThat(tx.get(1).requestHeaders()).containsEntry("api_version", "12").containsEntry("correlation_id", "1");
    assertThat(tx).extracting(L7Transaction::id).containsExactly("f:1", "f:2");
    assertThat(tx).extracting(L7Transaction::requestBody).containsOnlyNulls();
    assertThat(tx).extracting(L7Transaction::hasAuthorization).containsOnly(false);
  }

  @Test
  void flexibleProduceCountsTheRecordsOfEveryBatchWithoutDecompressing() {
    MemoryRecords orders = concat(batch(0, 3), batch(3, 5));
    MemoryRecords payments = batch(0, 2, Compression.gzip().build());
    byte[] req = request(KafkaMessages.produceRequest(-1, "tx-1", new String[] {"orders", "payments"}, false,
        orders, payments), 9, 7, "producer-1");
    byte[] resp = response(KafkaMessages.produceResponse("orders", 0), 9, 7);
    c(1_000, req);
    s(1_800, resp);
    L7Transaction t = close().get(0);
    assertThat(t.method()).isEqualTo("Produce");
    assertThat(t.path()).isEqualTo("orders,payments");
    assertThat(t.requestHeaders()).containsEntry("records", "10").containsEntry("batches", "3")
        .containsEntry("acks", "-1").containsEntry("transactional_id", "tx-1").containsEntry("api_version", "9");
    assertThat(t.status()).isZero();
    assertThat(t.error()).isNull();
    assertThat(t.latencyUs()).isEqualTo(800);
    assertThat(t.responseHeaders()).isNull();
  }

  @Test
  void nonFlexibleAndTopicIdProducesAreParsedToo() {
    byte[] v3 = request(KafkaMessages.produceRequest(1, null, new String[] {"logs"}, false, batch(0, 4)), 3, 1, "p");
    byte[] v13 = request(KafkaMessages.produceRequest(-1, null, new String[] {"orders"}, true, batch(0, 6)), 13, 2, "p");
    c(10, cat(v3, v13));
    s(20, cat(response(KafkaMessages.produceResponse("logs", 0), 3, 1),
        response(new org.apache.kafka.common.message.ProduceResponseData(), 13, 2)));
    List<L7Transaction> tx = close();
    assertThat(tx).extracting(L7Transaction::path).containsExactly("logs", ORDERS_ID.toString());
    assertThat(tx).extracting(t -> t.requestHeaders().get("records")).containsExactly("4", "6");
    assertThat(tx).extracting(t -> t.requestHeaders().get("acks")).containsExactly("1", "-1");
    assertThat(tx.get(0).requestHeaders()).doesNotContainKey("transactional_id");
    assertThat(tx).extracting(L7Transaction::status).containsExactly(0, 0); // an empty body is a parsed one
  }

  @Test
  void fetchResponsesCountTheirRecordsByNameAndByTopicId() {
    byte[] f12 = request(KafkaMessages.fetchRequest(false, "orders"), 12, 3, "consumer-g-1");
    byte[] r12 = response(KafkaMessages.fetchResponse(0, "orders", null, new int[] {0, 0},
        concat(batch(42, 4), batch(46, 6)), MemoryRecords.EMPTY), 12, 3);
    byte[] f13 = request(KafkaMessages.fetchRequest(true, "orders"), 13, 4, "consumer-g-1");
    byte[] r13 = response(KafkaMessages.fetchResponse(0, null, ORDERS_ID, new int[] {0}, batch(52, 7)), 13, 4);
    c(10, f12);
    s(510, r12);
    c(600, f13);
    s(700, r13);
    List<L7Transaction> tx = close();
    assertThat(tx).extracting(L7Transaction::method).containsOnly("Fetch");
    assertThat(tx).extracting(L7Transaction::path).containsExactly("orders", ORDERS_ID.toString());
    assertThat(tx).extracting(t -> t.responseHeaders().get("records")).containsExactly("10", "7");
    assertThat(tx).extracting(t -> t.responseHeaders().get("batches")).containsExactly("2", "1");
    assertThat(tx).extracting(L7Transaction::status).containsExactly(0, 0);
    assertThat(tx).extracting(L7Transaction::latencyUs).containsExactly(500L, 100L);
  }

  @Test
  void aFetchsPartialLastBatchIsNotCounted() {
    ByteBuffer two = concat(batch(0, 3), batch(3, 9)).buffer();
    MemoryRecords cut = MemoryRecords.readableRecords(ByteBuffer.wrap(Arrays.copyOf(two.array(), two.limit() - 20)));
    c(10, request(KafkaMessages.fetchRequest(false, "orders"), 12, 1, "c"));
    s(20, response(KafkaMessages.fetchResponse(0, "orders", null, new int[] {0}, cut), 12, 1));
    L7Transaction t = close().get(0);
    assertThat(t.responseHeaders()).containsEntry("records", "3").containsEntry("batches", "1");
    assertThat(t.error()).isNull();
  }

  @Test
  void errorResponsesGiveTheFirstNonZeroCodeAndItsName() {
    c(10, request(KafkaMessages.produceRequest(-1, null, new String[] {"orders"}, false, batch(0, 1)), 9, 1, "p"));
    s(20, response(KafkaMessages.produceResponse("orders", 0, 6, 7), 9, 1));
    c(30, request(KafkaMessages.fetchRequest(false, "orders"), 12, 2, "c"));
    s(40, response(KafkaMessages.fetchResponse(74, "orders", null, new int[] {0}, MemoryRecords.EMPTY), 12, 2));
    c(50, apiVersions(3));
    s(60, response(KafkaMessages.apiVersionsResponse(35), 0, 3));
    List<L7Transaction> tx = close();
    assertThat(tx).extracting(L7Transaction::status).containsExactly(6, 74, 35);
    assertThat(tx).extracting(L7Transaction::error)
        .containsExactly("NOT_LEADER_OR_FOLLOWER", "FENCED_LEADER_EPOCH", "UNSUPPORTED_VERSION");
  }

  /** ApiVersions, Metadata, a flexible Produce and a Fetch, with their responses. */
  static byte[][] conversation() {
    byte[] c = cat(apiVersions(0), metadata(1, "orders"),
        request(KafkaMessages.produceRequest(-1, "tx", new String[] {"orders", "audit"}, false,
            concat(batch(0, 3), batch(3, 2)), batch(0, 1, Compression.gzip().build())), 9, 2, "producer-1"),
        request(KafkaMessages.fetchRequest(false, "orders"), 12, 3, "producer-1"));
    byte[] s = cat(apiVersionsOk(0), metadataOk(1, new String[] {"orders"}, new int[] {0}),
        response(KafkaMessages.produceResponse("orders", 0), 9, 2),
        response(KafkaMessages.fetchResponse(0, "orders", null, new int[] {0}, concat(batch(0, 3), batch(3, 2))),
            12, 3));
    return new byte[][] {c, s};
  }

  static List<L7Transaction> run(byte[] c, int cSplit, byte[] s, int sSplit) {
    KafkaDissector d = new KafkaDissector(DissectionConfig.defaults());
    FakeContext ctx = new FakeContext();
    d.onData(C2S, c, 0, cSplit, 1_000, ctx);
    d.onData(C2S, c, cSplit, c.length - cSplit, 1_000, ctx);
    d.onData(S2C, s, 0, sSplit, 2_000, ctx);
    d.onData(S2C, s, sSplit, s.length - sSplit, 2_000, ctx);
    d.onClose(3_000, ctx);
    return ctx.rows;
  }

  @Test
  void splittingEitherStreamAtAnyByteGivesTheSameRows() {
    byte[][] cs = conversation();
    List<L7Transaction> whole = run(cs[0], 0, cs[1], 0);
    assertThat(whole).extracting(L7Transaction::method).containsExactly("ApiVersions", "Metadata", "Produce", "Fetch");
    assertThat(whole).extracting(L7Transaction::error).containsOnlyNulls();
    assertThat(whole.get(2).requestHeaders()).containsEntry("records", "6");
    assertThat(whole.get(3).responseHeaders()).containsEntry("records", "5");
    for (int k = 1; k < cs[0].length; k++) {
      assertThat(run(cs[0], k, cs[1], 0)).as("client split at %d", k).isEqualTo(whole);
    }
    for (int k = 1; k < cs[1].length; k++) {
      assertThat(run(cs[0], 0, cs[1], k)).as("server split at %d", k).isEqualTo(whole);
    }
  }

  @Test
  void oneByteChunksCompleteFramesAtTheirLastByte() {
    byte[] req = apiVersions(0);
    byte[] resp = apiVersionsOk(0);
    for (int i = 0; i < req.length; i++) {
      d.onData(C2S, req, i, 1, 1_000 + i, ctx);
    }
    for (int i = 0; i < resp.length; i++) {
      d.onData(S2C, resp, i, 1, 5_000 + i, ctx);
    }
    L7Transaction t = close().get(0);
    assertThat(t.requestTs()).isEqualTo(1_000 + req.length - 1);
    assertThat(t.responseTs()).isEqualTo(5_000 + resp.length - 1);
    assertThat(t.ttfbUs()).isEqualTo(5_000 - (1_000 + req.length - 1));
    assertThat(t.latencyUs()).isEqualTo(resp.length - 1 + 5_000 - (1_000 + req.length - 1));
    assertThat(t.status()).isZero();
  }

  @Test
  void pipelinedRequestsPairByCorrelationIdAndPassedOverOnesAreUnanswered() {
    c(100, cat(metadata(5, "a"), metadata(6, "b"), metadata(7, "c")));
    s(200, metadataOk(6, new String[] {"b"}, new int[] {0}));
    s(300, metadataOk(7, new String[] {"c"}, new int[] {0}));
    List<L7Transaction> tx = close();
    assertThat(tx).extracting(L7Transaction::path).containsExactly("a", "b", "c");
    assertThat(tx).extracting(L7Transaction::error).containsExactly("no response", null, null);
    assertThat(tx).extracting(L7Transaction::latencyUs).containsExactly(null, 100L, 200L);
    assertThat(d.pendingRequests()).isZero();
  }

  @Test
  void acksZeroProduceIsARowWithoutResponse() {
    c(100, cat(request(KafkaMessages.produceRequest(0, null, new String[] {"logs"}, false, batch(0, 2)), 9, 1, "p"),
        metadata(2, "logs")));
    assertThat(ctx.rows).hasSize(1);
    s(150, metadataOk(2, new String[] {"logs"}, new int[] {0}));
    List<L7Transaction> tx = close();
    assertThat(tx).extracting(L7Transaction::method).containsExactly("Produce", "Metadata");
    assertThat(tx.get(0).responseTs()).isNull();
    assertThat(tx.get(0).error()).isNull();
    assertThat(tx.get(0).requestHeaders()).containsEntry("acks", "0").containsEntry("records", "2");
    assertThat(tx.get(1).latencyUs()).isEqualTo(50);
  }

  static byte[] rawRequest(int key, int version, int corr, String clientId, int bodyBytes) {
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(4 + 10 + id.length + bodyBytes);
    b.putInt(10 + id.length + bodyBytes).putShort((short) key).putShort((short) version).putInt(corr)
        .putShort((short) id.length).put(id);
    return b.array();
  }

  @Test
  void anUnknownApiKeyIsARowNamedByItsNumber() {
    c(10, apiVersions(1));
    s(20, apiVersionsOk(1));
    c(30, rawRequest(200, 0, 2, "x", 4));
    s(45, ByteBuffer.allocate(10).putInt(6).putInt(2).putShort((short) 0).array());
    List<L7Transaction> tx = close();
    assertThat(tx).extracting(L7Transaction::method).containsExactly("ApiVersions", "ApiKey(200)");
    L7Transaction t = tx.get(1);
    assertThat(t.error()).isEqualTo("unknown api key");
    assertThat(t.requestBytes()).isEqualTo(15);
    assertThat(t.responseBytes()).isEqualTo(6);
    assertThat(t.latencyUs()).isEqualTo(15);
    assertThat(t.status()).isNull();
    assertThat(t.requestHeaders()).containsEntry("client_id", "x");
  }

  @Test
  void aBodyThatBreaksItsSchemaIsCountedAndPairingContinues() {
    // Produce v9: header tags (0), transactional id null (0), acks -1, timeout 30000, then a topic array that
    // claims 100 topics in the 3 bytes left
    byte[] body = {0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0x75, 0x30, 101, 1, 2, 3};
    byte[] bad = rawRequest(0, 9, 1, "p", body.length);
    System.arraycopy(body, 0, bad, bad.length - body.length, body.length);
    c(10, cat(bad, metadata(2, "m")));
    s(20, cat(response(KafkaMessages.produceResponse("x", 0), 9, 1), metadataOk(2, new String[] {"m"}, new int[] {0})));
    List<L7Transaction> tx = close();
    assertThat(tx).extracting(L7Transaction::method).containsExactly("Produce", "Metadata");
    assertThat(tx).extracting(L7Transaction::error).containsOnlyNulls();
    assertThat(d.malformedBodies).isEqualTo(1);
  }

  @Test
  void aFrameSizeOutOfRangeEndsTheConnectionWithErrors() {
    c(10, metadata(1, "a"));
    c(20, new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3});
    c(30, metadata(2, "b"));
    s(40, metadataOk(1, new String[] {"a"}, new int[] {0}));
    List<L7Transaction> tx = close();
    assertThat(tx).hasSize(1);
    assertThat(tx.get(0).error()).isEqualTo("malformed request frame");
    assertThat(tx.get(0).responseTs()).isNull();
  }

  @Test
  void aHoleInsideAFrameKeepsFramingAndOneAtABoundaryEndsIt() {
    byte[] p = request(KafkaMessages.produceRequest(-1, null, new String[] {"orders"}, false, batch(0, 50)), 9, 1, "p");
    c(10, Arrays.copyOf(p, 60));
    d.onGap(C2S, p.length - 60 - 10, 20, ctx);
    c(30, Arrays.copyOfRange(p, p.length - 10, p.length));
    s(40, response(KafkaMessages.produceResponse("orders", 0), 9, 1));
    assertThat(ctx.rows).hasSize(1);
    assertThat(ctx.rows.get(0).error()).isEqualTo("gap in request");
    assertThat(ctx.rows.get(0).path()).isEqualTo("orders");
    assertThat(ctx.rows.get(0).latencyUs()).isEqualTo(10);
    c(50, metadata(2, "m"));
    d.onGap(S2C, 100, 60, ctx);
    assertThat(ctx.rows).hasSize(2);
    assertThat(ctx.rows.get(1).error()).isEqualTo("gap in responses");
  }

  @Test
  void pendingRequestsAreCappedAndLaterResponsesConsumedWithoutRows() {
    int n = KafkaDissector.MAX_PENDING + 5;
    for (int i = 0; i < n; i++) {
      c(i, metadata(i, "t"));
    }
    assertThat(d.pendingRequests()).isEqualTo(KafkaDissector.MAX_PENDING);
    for (int i = 0; i < n; i++) {
      s(10_000 + i, metadataOk(i, new String[] {"t"}, new int[] {0}));
    }
    List<L7Transaction> tx = close();
    assertThat(tx).hasSize(KafkaDissector.MAX_PENDING);
    assertThat(tx).extracting(L7Transaction::error).containsOnlyNulls();
    assertThat(d.untrackedRequests).isEqualTo(5);
    assertThat(d.orphanResponses).isZero();
  }

  @Test
  void saslExchangesAreMarkedAndTheirBodiesNeverStored() {
    c(10, request(new SaslHandshakeRequestData().setMechanism("PLAIN"), 1, 1, "p"));
    s(20, response(new SaslHandshakeResponseData().setMechanisms(List.of("PLAIN")), 1, 1));
    byte[] token = "\0alice\0s3cret".getBytes(StandardCharsets.UTF_8);
    c(30, request(new SaslAuthenticateRequestData().setAuthBytes(token), 2, 2, "p"));
    s(40, response(new SaslAuthenticateResponseData().setErrorCode((short) 58).setErrorMessage("bad"), 2, 2));
    List<L7Transaction> tx = close();
    assertThat(tx).extracting(L7Transaction::method).containsExactly("SaslHandshake", "SaslAuthenticate");
    assertThat(tx).extracting(L7Transaction::hasAuthorization).containsOnly(true);
    assertThat(tx).extracting(L7Transaction::requestBody).containsOnlyNulls();
    assertThat(tx).extracting(L7Transaction::responseBody).containsOnlyNulls();
    assertThat(tx).extracting(L7Transaction::path).containsOnlyNulls();
    assertThat(tx.get(1).error()).isEqualTo("SASL_AUTHENTICATION_FAILED");
    assertThat(tx.get(1).requestHeaders().toString()).doesNotContain("s3cret");
  }

  @Test
  void rawSaslTokensAfterAHandshakeV0AreSkipped() {
    c(10, request(new SaslHandshakeRequestData().setMechanism("PLAIN"), 0, 1, "p"));
    s(20, response(new SaslHandshakeResponseData().setMechanisms(List.of("PLAIN")), 0, 1));
    byte[] token = "\0alice\0s3cret".getBytes(StandardCharsets.UTF_8);
    c(30, ByteBuffer.allocate(4 + token.length).putInt(token.length).put(token).array());
    s(40, new byte[] {0, 0, 0, 0});
    c(50, metadata(2, "t"));
    s(60, metadataOk(2, new String[] {"t"}, new int[] {0}));
    List<L7Transaction> tx = close();
    assertThat(tx).extracting(L7Transaction::method).containsExactly("SaslHandshake", "Metadata");
    assertThat(tx).extracting(L7Transaction::error).containsOnlyNulls();
    assertThat(d.saslTokens).isEqualTo(2);
  }

  @Test
  void aResponseNobodyAskedForIsARowOfItsOwn() {
    c(10, metadata(1, "t"));
    s(20, metadataOk(9, new String[] {"t"}, new int[] {0}));
    List<L7Transaction> tx = close();
    assertThat(tx).extracting(L7Transaction::error).containsExactly("response without request", "no response");
    assertThat(tx.get(0).method()).isNull();
    assertThat(tx.get(0).responseBytes()).isPositive();
  }

  @Test
  void theConnectionEndReportsWhatIsInFlight() {
    byte[] r = metadataOk(1, new String[] {"t"}, new int[] {0});
    c(10, cat(metadata(1, "t"), metadata(2, "u"), Arrays.copyOf(metadata(3, "v"), 20)));
    s(30, Arrays.copyOf(r, 12));
    List<L7Transaction> tx = close();
    assertThat(tx).extracting(L7Transaction::error).containsExactly("response incomplete at connection end",
        "no response", "request incomplete at connection end");
    assertThat(tx.get(0).ttfbUs()).isEqualTo(20);
    assertThat(tx.get(2).method()).isEqualTo("Metadata");
  }

  @Test
  void anAllTopicsMetadataRequestHasNoPath() {
    c(10, request(new org.apache.kafka.common.message.MetadataRequestData().setTopics(null), 12, 1, "admin"));
    s(20, response(new MetadataResponseData(), 12, 1));
    L7Transaction t = close().get(0);
    assertThat(t.path()).isNull();
    assertThat(t.status()).isZero();
  }
}
