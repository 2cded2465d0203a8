package io.wirelake.flink.kafka;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.RequestUtils;

/** Real Kafka frames for tests, serialized by kafka-clients (the reference encoder), size prefix included. */
final class KafkaFrames {
  private KafkaFrames() {}

  static byte[] request(ApiMessage body, int version, int correlationId, String clientId) {
    ApiKeys key = ApiKeys.forId(body.apiKey());
    RequestHeaderData h = new RequestHeaderData()
        .setRequestApiKey(body.apiKey())
        .setRequestApiVersion((short) version)
        .setCorrelationId(correlationId)
        .setClientId(clientId);
    return framed(RequestUtils.serialize(h, key.requestHeaderVersion((short) version), body, (short) version));
  }

  static byte[] response(ApiMessage body, int version, int correlationId) {
    ApiKeys key = ApiKeys.forId(body.apiKey());
    ResponseHeaderData h = new ResponseHeaderData().setCorrelationId(correlationId);
    return framed(RequestUtils.serialize(h, key.responseHeaderVersion((short) version), body, (short) version));
  }

  static byte[] framed(ByteBuffer b) {
    byte[] out = new byte[4 + b.remaining()];
    ByteBuffer.wrap(out).putInt(b.remaining()).put(b);
    return out;
  }

  /** One uncompressed magic-2 batch of {@code n} records. */
  static MemoryRecords batch(long baseOffset, int n) {
    return batch(baseOffset, n, Compression.NONE);
  }

  static MemoryRecords batch(long baseOffset, int n, Compression compression) {
    SimpleRecord[] r = new SimpleRecord[n];
    for (int i = 0; i < n; i++) {
      r[i] = new SimpleRecord(1_700_000_000_000L + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
          ("value-" + i).getBytes(StandardCharsets.UTF_8));
    }
    return MemoryRecords.withRecords(baseOffset, compression, r);
  }

  /** Record sets back to back, as one record set. */
  static MemoryRecords concat(MemoryRecords... sets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (MemoryRecords s : sets) {
      ByteBuffer b = s.buffer().duplicate();
      byte[] a = new byte[b.remaining()];
      b.get(a);
      out.writeBytes(a);
    }
    return MemoryRecords.readableRecords(ByteBuffer.wrap(out.toByteArray()));
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** The frame's size field. */
  static long size(byte[] frame) {
    return ByteBuffer.wrap(frame).getInt(0);
  }
}
