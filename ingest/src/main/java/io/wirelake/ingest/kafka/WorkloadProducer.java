package io.wirelake.ingest.kafka;

import io.wirelake.schemas.AvroTrust;
import io.wirelake.schemas.WorkloadEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes Kubernetes {@link WorkloadEvent}s to the workloads topic in Avro single-object encoding, keyed by
 * {@code kind/namespace/name} so that one object's changes stay in order. Idempotent and acknowledged by all
 * replicas; a failed send is rethrown on the next call or on {@link #flush()}.
 */
public final class WorkloadProducer implements Consumer<WorkloadEvent>, AutoCloseable {
  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final BinaryMessageEncoder<WorkloadEvent> encoder = WorkloadEvent.getEncoder();
  private volatile Exception failure;

  public WorkloadProducer(String bootstrapServers, String topic) {
    this.topic = topic;
    Properties conf = new Properties();
    conf.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    conf.put(ProducerConfig.ACKS_CONFIG, "all");
    conf.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    conf.put(ProducerConfig.LINGER_MS_CONFIG, 50);
    this.producer = new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Sends one event (asynchronously). */
  @Override
  public void accept(WorkloadEvent e) {
    rethrow();
    byte[] value;
    try {
      value = encoder.encode(e).array();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    producer.send(new ProducerRecord<>(topic, key(e).getBytes(StandardCharsets.UTF_8), value), (meta, ex) -> {
      if (ex != null && failure == null) {
        failure = ex;
      }
    });
  }

  /** Blocks until everything sent is acknowledged. */
  public void flush() {
    producer.flush();
    rethrow();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }

  /**
   * Sends those of {@code events} the topic does not hold yet (same object, time and action), so that
   * ingesting the same snapshots twice adds nothing. Returns how many were sent.
   */
  public static int publishNew(String bootstrapServers, String topic, List<WorkloadEvent> events) {
    Set<String> present = identities(bootstrapServers, topic);
    List<WorkloadEvent> fresh = new ArrayList<>();
    for (WorkloadEvent e : events) {
      if (present.add(identity(e))) {
        fresh.add(e);
      }
    }
    if (!fresh.isEmpty()) {
      try (WorkloadProducer p = new WorkloadProducer(bootstrapServers, topic)) {
        fresh.forEach(p);
        p.flush();
      }
    }
    return fresh.size();
  }

  static String key(WorkloadEvent e) {
    return e.getKind() + "/" + (e.getNamespace() == null ? "" : e.getNamespace()) + "/" + e.getName();
  }

  private static String identity(WorkloadEvent e) {
    return key(e) + "@" + e.getTs() + "#" + e.getAction();
  }

  private static Set<String> identities(String bootstrapServers, String topic) {
    Map<String, Object> conf = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    AvroTrust.trustWirelakeSchemas();
    BinaryMessageDecoder<WorkloadEvent> decoder = WorkloadEvent.getDecoder();
    Set<String> out = new HashSet<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(conf)) {
      List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          try {
            out.add(identity(decoder.decode(r.value())));
          } catch (IOException | RuntimeException ex) {
            // an undecodable record is never equal to a new event: ignore it here
          }
        }
      }
    }
    return out;
  }

  private void rethrow() {
    Exception f = failure;
    if (f != null) {
      throw new IllegalStateException("could not write workload events to " + topic + ": " + f.getMessage(), f);
    }
  }
}
