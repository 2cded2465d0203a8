package io.wirelake.flink.kafka;

import io.wirelake.flink.testutil.KryoCheckpoint;
import static io.wirelake.flink.kafka.KafkaFrames.batch;
import static io.wirelake.flink.kafka.KafkaFrames.concat;
import static io.wirelake.flink.kafka.KafkaFrames.request;
import static io.wirelake.flink.kafka.KafkaFrames.response;
import static io.wirelake.flink.kafka.KafkaFrames.size;
import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.tcp.FlowTracker;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.flink.testutil.Replay;
import io.wirelake.flink.testutil.TcpScript;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A producer's session as the capture pipeline sees it (handshake, segments, FINs): ApiVersions, Metadata,
 * InitProducerId, then a Produce of two batches, with responses and requests cut across segments. Latencies are
 * worked out by hand from the segment times.
 */
class KafkaProducerSessionTest {
  static final byte[] API_VERSIONS = KafkaDissectorTest.apiVersions(0);
  static final byte[] API_VERSIONS_OK = KafkaDissectorTest.apiVersionsOk(0);
  static final byte[] METADATA = KafkaDissectorTest.metadata(1, "orders");
  static final byte[] METADATA_OK = KafkaDissectorTest.metadataOk(1, new String[] {"orders"}, new int[] {0});
  static final byte[] INIT = request(KafkaMessages.initProducerIdRequest(), 5, 2, "producer-1");
  static final byte[] INIT_OK = response(KafkaMessages.initProducerIdResponse(), 5, 2);
  static final byte[] PRODUCE = request(KafkaMessages.produceRequest(-1, null, new String[] {"orders"}, false,
      concat(batch(0, 3), batch(3, 5))), 9, 3, "producer-1");
  static final byte[] PRODUCE_OK = response(KafkaMessages.produceResponse("orders", 0), 9, 3);

  static byte[] part(byte[] b, int from, int to) {
    return Arrays.copyOfRange(b, from, to);
  }

  static TcpScript session() {
    TcpScript s = new TcpScript(40000, 9092, 1000, 5000);
    s.handshake(1_000, 1_010, 1_020);
    s.c(2_000, API_VERSIONS);
    s.s(2_300, part(API_VERSIONS_OK, 0, 20));
    s.s(2_450, part(API_VERSIONS_OK, 20, API_VERSIONS_OK.length));
    s.c(3_000, part(METADATA, 0, 10));
    s.c(3_040, part(METADATA, 10, METADATA.length));
    s.s(3_200, METADATA_OK);
    s.c(4_000, INIT);
    s.s(4_900, INIT_OK);
    s.c(5_000, part(PRODUCE, 0, 50));
    s.c(5_010, part(PRODUCE, 50, 120));
    s.c(5_020, part(PRODUCE, 120, PRODUCE.length));
    s.s(5_600, part(PRODUCE_OK, 0, 3));
    s.s(5_700, part(PRODUCE_OK, 3, PRODUCE_OK.length));
    s.close(6_000);
    return s;
  }

  @Test
  void aProducerSessionGivesOneRowPerRequestWithHandComputedLatencies() {
    CollectingSink sink = Replay.run(session().packets, DissectionConfig.defaults());
    assertThat(sink.flows).extracting(L4Flow::l7Protocol).containsExactly("kafka");
    List<L7Transaction> tx = sink.transactions;
    assertThat(tx).extracting(L7Transaction::method)
        .containsExactly("ApiVersions", "Metadata", "InitProducerId", "Produce");
    assertThat(tx).extracting(L7Transaction::requestTs).containsExactly(2_000L, 3_040L, 4_000L, 5_020L);
    assertThat(tx).extracting(L7Transaction::responseTs).containsExactly(2_450L, 3_200L, 4_900L, 5_700L);
    assertThat(tx).extracting(L7Transaction::latencyUs).containsExactly(450L, 160L, 900L, 680L);
    assertThat(tx).extracting(L7Transaction::ttfbUs).containsExactly(300L, 160L, 900L, 580L);
    assertThat(tx).extracting(L7Transaction::path).containsExactly(null, "orders", null, "orders");
    assertThat(tx).extracting(L7Transaction::status).containsExactly(0, 0, 0, 0);
    assertThat(tx).extracting(L7Transaction::error).containsOnlyNulls();
    assertThat(tx).extracting(L7Transaction::requestBytes)
        .containsExactly(size(API_VERSIONS), size(METADATA), size(INIT), size(PRODUCE));
    assertThat(tx).extracting(L7Transaction::responseBytes)
        .containsExactly(size(API_VERSIONS_OK), size(METADATA_OK), size(INIT_OK), size(PRODUCE_OK));
    assertThat(tx.get(3).requestHeaders()).containsEntry("records", "8").containsEntry("batches", "2")
        .containsEntry("acks", "-1").containsEntry("client_id", "producer-1").containsEntry("correlation_id", "3");
    assertThat(tx).extracting(L7Transaction::serverPort).containsOnly(9092);
  }

  @Test
  void restoringTheStateAfterEveryPacketGivesTheSameRows() {
    List<Packet> packets = session().packets;
    CollectingSink plain = Replay.run(packets, DissectionConfig.defaults());
    Replay r = new Replay(DissectionConfig.defaults(), 0);
    for (Packet p : packets) {
      r.packet(p);
      r.replaceTrackers(KryoCheckpoint::roundTrip);
    }
    r.finish();
    assertThat(r.sink.transactions).hasSize(4).isEqualTo(plain.transactions);
  }
}
