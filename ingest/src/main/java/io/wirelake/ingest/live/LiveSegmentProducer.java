package io.wirelake.ingest.live;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka side of live capture: idempotent, {@code acks=all}, compressed and batched, keyed by flow so a
 * flow's segments stay in order on one partition. Not transactional: a live capture has no position to resume
 * from, so there is nothing to commit atomically with the segments.
 */
final class LiveSegmentProducer implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;

  LiveSegmentProducer(LiveCaptureSettings s) {
    Map<String, Object> conf = new HashMap<>();
    conf.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
    conf.put(ProducerConfig.CLIENT_ID_CONFIG, "wirelake-sniff-" + s.node());
    conf.put(ProducerConfig.ACKS_CONFIG, "all");
    conf.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    conf.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    conf.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    conf.put(ProducerConfig.LINGER_MS_CONFIG, s.lingerMs());
    conf.put(ProducerConfig.BATCH_SIZE_CONFIG, s.batchBytes());
    conf.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L * 1024 * 1024);
    conf.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
    // A full producer buffer (Kafka down) blocks the sender only briefly: the queue in front of it absorbs the
    // wait and drops the oldest frames, which is where losses are counted.
    conf.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    conf.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    conf.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    conf.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    conf.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producer = new KafkaProducer<>(conf);
    this.topic = s.topic();
  }

  /** The topic's partitions: succeeds once Kafka answers and the topic exists; throws otherwise. */
  List<PartitionInfo> partitions() {
    return producer.partitionsFor(topic);
  }

  void send(byte[] key, byte[] value, Callback done) {
    producer.send(new ProducerRecord<>(topic, key, value), done);
  }

  void flush() {
    producer.flush();
  }

  /** Sends what it can within {@code timeout}; records still pending then fail (their callbacks count them). */
  void close(Duration timeout) {
    producer.close(timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
