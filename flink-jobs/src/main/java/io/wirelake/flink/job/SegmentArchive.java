package io.wirelake.flink.job;

import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.schemas.AvroTrust;
import io.wirelake.schemas.IpAddresses;
import io.wirelake.schemas.Segment;
import io.wirelake.schemas.Topics;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.iceberg.Schema;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The archive of the event log: every captured frame from the segments topic, as captured, into
 * {@code net.segments}, for replay and evidence export. It reads the topic with its own source, so the archive
 * and the derived tables are committed by the same checkpoints but depend on nothing but the log.
 */
public final class SegmentArchive {
  private SegmentArchive() {}

  /** Rows of {@code net.segments} from the topic, between the given offsets ({@code stop} null: unbounded). */
  public static DataStream<RowData> fromKafka(StreamExecutionEnvironment env, String bootstrapServers,
      OffsetsInitializer start, OffsetsInitializer stop) {
    KafkaSourceBuilder<RowData> builder = KafkaSource.<RowData>builder()
        .setBootstrapServers(bootstrapServers)
        .setTopics(Topics.SEGMENTS)
        .setGroupId("wirelake-archive")
        .setStartingOffsets(start)
        .setDeserializer(new RowDeserializer())
        .setProperty("isolation.level", "read_committed")
        .setProperty("commit.offsets.on.checkpoint", "false")
        .setProperty("max.partition.fetch.bytes", String.valueOf(8 * 1024 * 1024));
    if (stop != null) {
      builder.setBounded(stop);
    }
    return env.fromSource(builder.build(), WatermarkStrategy.noWatermarks(), "kafka segments (archive)")
        .uid("kafka-segments-archive");
  }

  /** Decodes a segment record straight into a {@code net.segments} row; undecodable records are counted. */
  static final class RowDeserializer implements KafkaRecordDeserializationSchema<RowData> {
    private static final String[] COLUMNS = {"ts", "node", "iface", "link_type", "flow_id", "ip_version", "src_ip",
        "dst_ip", "src_port", "dst_port", "l4_protocol", "tcp_flags", "seq", "ack", "frame", "orig_len"};
    private final int arity;
    private final int[] position = new int[COLUMNS.length];
    private transient BinaryMessageDecoder<Segment> decoder;
    private transient Counter malformed;

    RowDeserializer() {
      Schema schema = WirelakeTables.segmentsSchema();
      arity = schema.columns().size();
      for (int i = 0; i < COLUMNS.length; i++) {
        position[i] = schema.columns().indexOf(schema.findField(COLUMNS[i]));
      }
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
      AvroTrust.trustWirelakeSchemas();
      decoder = Segment.getDecoder();
      malformed = context.getMetricGroup().counter("malformedSegments");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RowData> out) {
      if (record.value() == null) {
        return;
      }
      Segment s;
      try {
        s = decoder.decode(record.value());
      } catch (IOException | RuntimeException e) {
        malformed.inc();
        return;
      }
      GenericRowData row = new GenericRowData(arity);
      Object[] v = {
        TimestampData.fromInstant(s.getTs()),
        StringData.fromString(s.getNode()),
        StringData.fromString(s.getIface()),
        s.getLinkType(),
        StringData.fromString(s.getFlowKey()),
        s.getIpVersion(),
        StringData.fromString(IpAddresses.format(bytes(s.getSrcIp()))),
        StringData.fromString(IpAddresses.format(bytes(s.getDstIp()))),
        s.getSrcPort(),
        s.getDstPort(),
        s.getL4Protocol(),
        s.getTcpFlags(),
        s.getSeq(),
        s.getAck(),
        bytes(s.getFrame()),
        s.getOrigLen()
      };
      for (int i = 0; i < v.length; i++) {
        row.setField(position[i], v[i]);
      }
      out.collect(row);
    }

    private static byte[] bytes(ByteBuffer b) {
      byte[] copy = new byte[b.remaining()];
      b.duplicate().get(copy);
      return copy;
    }

    @Override
    public TypeInformation<RowData> getProducedType() {
      return InternalTypeInfo.of(FlinkSchemaUtil.convert(WirelakeTables.segmentsSchema()));
    }
  }
}
