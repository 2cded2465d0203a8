package io.wirelake.flink.job;

import io.wirelake.flink.enrich.WorkloadChange;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Kubernetes workload events from Kafka. A record that is not one is counted
 * ({@code malformedWorkloadEvents}) and skipped.
 */
final class WorkloadDeserializer implements KafkaRecordDeserializationSchema<WorkloadChange> {
  private static final Logger LOG = LoggerFactory.getLogger(WorkloadDeserializer.class);
  private transient Counter malformed;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    malformed = context.getMetricGroup().counter("malformedWorkloadEvents");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<WorkloadChange> out) {
    if (record.value() == null) {
      return;
    }
    try {
      out.collect(WorkloadChange.fromAvro(record.value()));
    } catch (RuntimeException e) {
      malformed.inc();
      LOG.warn("skipping workload record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
    }
  }

  @Override
  public TypeInformation<WorkloadChange> getProducedType() {
    return TypeInformation.of(WorkloadChange.class);
  }
}
