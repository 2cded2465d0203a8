package io.wirelake.flink.job;

import io.wirelake.flink.model.Packet;
import io.wirelake.schemas.AvroTrust;
import io.wirelake.schemas.Segment;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Avro single-object encoded {@link Segment}s from Kafka into {@link Packet}s. A record that does not
 * decode is counted ({@code malformedSegments}) and skipped: one bad record never stops the job.
 */
final class SegmentDeserializer implements KafkaRecordDeserializationSchema<Packet> {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentDeserializer.class);
  private transient BinaryMessageDecoder<Segment> decoder;
  private transient Counter malformed;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    AvroTrust.trustWirelakeSchemas();
    decoder = Segment.getDecoder();
    malformed = context.getMetricGroup().counter("malformedSegments");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Packet> out) {
    if (record.value() == null) {
      return;
    }
    try {
      // no object reuse: Avro would recycle the frame buffers that the packets still point to
      out.collect(toPacket(decoder.decode(record.value())));
    } catch (IOException | RuntimeException e) {
      if (malformed.getCount() == 0) {
        LOG.warn("skipping a segment record that does not decode (partition {}, offset {}): {}",
            record.partition(), record.offset(), e.toString());
      }
      malformed.inc();
    }
  }

  static Packet toPacket(Segment s) {
    return new Packet(
        s.getTs().getEpochSecond() * 1_000_000L + s.getTs().getNano() / 1000,
        s.getNode(),
        s.getFlowKey(),
        s.getIpVersion(),
        bytes(s.getSrcIp()),
        s.getSrcPort(),
        bytes(s.getDstIp()),
        s.getDstPort(),
        s.getL4Protocol(),
        s.getTcpFlags(),
        s.getSeq(),
        s.getAck(),
        s.getWindow(),
        bytes(s.getFrame()),
        s.getPayloadOffset(),
        s.getPayloadLength());
  }

  private static byte[] bytes(ByteBuffer b) {
    if (b.hasArray() && b.arrayOffset() == 0 && b.position() == 0 && b.remaining() == b.array().length) {
      return b.array();
    }
    byte[] copy = new byte[b.remaining()];
    b.duplicate().get(copy);
    return copy;
  }

  @Override
  public TypeInformation<Packet> getProducedType() {
    return TypeInformation.of(Packet.class);
  }
}
