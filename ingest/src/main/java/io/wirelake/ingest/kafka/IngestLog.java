package io.wirelake.ingest.kafka;

import io.wirelake.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads {@link Topics#INGEST_LOG}: how far each capture source is committed to the segments topic. */
public final class IngestLog {
  private IngestLog() {}

  /** What is committed of one source. */
  public record Progress(long frames, boolean complete) {
    static final Progress NONE = new Progress(0, false);
  }

  static byte[] value(long frames, boolean complete) {
    return (frames + (complete ? ",complete" : ",partial")).getBytes(StandardCharsets.UTF_8);
  }

  static Progress parse(byte[] value) {
    String[] parts = new String(value, StandardCharsets.UTF_8).split(",", 2);
    return new Progress(Long.parseLong(parts[0]), parts.length > 1 && parts[1].equals("complete"));
  }

  /** The committed progress of {@code sourceId}, reading the log's committed records to its end. */
  public static Progress committed(String bootstrapServers, String sourceId) {
    return committed(bootstrapServers, Topics.INGEST_LOG, sourceId);
  }

  static Progress committed(String bootstrapServers, String topic, String sourceId) {
    byte[] key = sourceId.getBytes(StandardCharsets.UTF_8);
    Map<String, Object> conf = new HashMap<>();
    conf.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    conf.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    conf.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    conf.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    conf.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Progress latest = Progress.NONE;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(conf)) {
      List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .collect(Collectors.toList());
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.key() != null && Arrays.equals(r.key(), key) && r.value() != null) {
            latest = parse(r.value());
          }
        }
      }
    }
    return latest;
  }
}
