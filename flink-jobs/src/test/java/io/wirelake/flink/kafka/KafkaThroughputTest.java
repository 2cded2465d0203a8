package io.wirelake.flink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.tcp.DissectionConfig;
import org.apache.kafka.common.record.MemoryRecords;
import org.junit.jupiter.api.Test;

/**
 * An informal throughput probe: a consumer fetching large record sets (and a producer sending them), fed in
 * 1460-byte chunks. Prints MB/s; asserts only the counts (timing depends on the machine).
 */
class KafkaThroughputTest {
  @Test
  void largeRecordSetsStreamThroughWithExactCounts() {
    MemoryRecords[] batches = new MemoryRecords[64];
    for (int i = 0; i < batches.length; i++) {
      batches[i] = KafkaFrames.batch(i * 100L, 100);
    }
    MemoryRecords set = KafkaFrames.concat(batches);
    byte[] fetch = KafkaFrames.request(KafkaMessages.fetchRequest(false, "orders"), 12, 0, "c");
    byte[] fetched = KafkaFrames.response(KafkaMessages.fetchResponse(0, "orders", null, new int[] {0}, set), 12, 0);
    byte[] produce = KafkaFrames.request(KafkaMessages.produceRequest(-1, null, new String[] {"orders"}, false, set),
        9, 0, "p");
    byte[] produced = KafkaFrames.response(KafkaMessages.produceResponse("orders", 0), 9, 0);
    int rounds = 400;
    for (int warm = 0; warm < 2; warm++) {
      long bytes = 0;
      long t0 = System.nanoTime();
      FakeContext ctx = new FakeContext();
      KafkaDissector d = new KafkaDissector(DissectionConfig.defaults());
      for (int r = 0; r < rounds; r++) {
        byte[] req = r % 2 == 0 ? fetch : produce;
        byte[] resp = r % 2 == 0 ? fetched : produced;
        bytes += chunks(d, ctx, L7Dissector.C2S, withId(req, r, 8), r) + chunks(d, ctx, L7Dissector.S2C, withId(resp, r, 4), r);
      }
      d.onClose(rounds, ctx);
      double secs = (System.nanoTime() - t0) / 1e9;
      assertThat(ctx.rows).hasSize(rounds);
      assertThat(ctx.rows).extracting(L7Transaction::error).containsOnlyNulls();
      assertThat(ctx.rows.get(0).responseHeaders()).containsEntry("records", "6400");
      assertThat(ctx.rows.get(1).requestHeaders()).containsEntry("records", "6400");
      if (warm == 1) {
        System.out.printf("kafka dissector: %.1f MB in %.3f s = %.0f MB/s%n", bytes / 1e6, secs, bytes / 1e6 / secs);
      }
    }
  }

  @Test
  void smallFramesPipelined() {
    byte[] req = KafkaDissectorTest.metadata(0, "orders", "payments");
    byte[] resp = KafkaDissectorTest.metadataOk(0, new String[] {"orders", "payments"}, new int[] {0, 0});
    int n = 100_000;
    for (int warm = 0; warm < 2; warm++) {
      FakeContext ctx = new FakeContext();
      KafkaDissector d = new KafkaDissector(DissectionConfig.defaults());
      long t0 = System.nanoTime();
      long bytes = 0;
      for (int i = 0; i < n; i++) {
        byte[] q = withId(req, i, 8);
        byte[] r = withId(resp, i, 4);
        d.onData(L7Dissector.C2S, q, 0, q.length, i, ctx);
        d.onData(L7Dissector.S2C, r, 0, r.length, i, ctx);
        bytes += q.length + r.length;
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      assertThat(ctx.rows).hasSize(n);
      assertThat(ctx.rows.get(n - 1).path()).isEqualTo("orders,payments");
      if (warm == 1) {
        System.out.printf("kafka dissector: %d metadata exchanges (%.1f MB) in %.3f s = %.0f k rows/s%n", n,
            bytes / 1e6, secs, n / secs / 1e3);
      }
    }
  }

  /** The frame with correlation id {@code id} written at {@code at}. */
  static byte[] withId(byte[] frame, int id, int at) {
    byte[] b = frame.clone();
    java.nio.ByteBuffer.wrap(b).putInt(at, id);
    return b;
  }

  static long chunks(KafkaDissector d, FakeContext ctx, int dir, byte[] b, long ts) {
    for (int p = 0; p < b.length; p += 1460) {
      d.onData(dir, b, p, Math.min(1460, b.length - p), ts, ctx);
    }
    return b.length;
  }
}
