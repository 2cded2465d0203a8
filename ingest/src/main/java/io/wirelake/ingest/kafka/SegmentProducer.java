package io.wirelake.ingest.kafka;

import io.wirelake.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces the segments of one capture source (a file, a generator run) to {@link Topics#SEGMENTS} exactly
 * once. Frames go out in Kafka transactions of {@code chunkFrames}; each transaction also records in
 * {@link Topics#INGEST_LOG} how many frames of the source are committed, so a replay that was killed resumes
 * after the last committed chunk and a finished one is not produced again. Idempotent, {@code acks=all},
 * compressed and batched.
 */
public final class SegmentProducer implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final String ingestLogTopic;
  private final byte[] sourceKey;
  private final int chunkFrames;
  private final AtomicReference<Exception> sendError = new AtomicReference<>();
  private long position;
  private int inChunk;
  private boolean inTransaction;

  /**
   * @param bootstrapServers Kafka bootstrap servers
   * @param sourceId a stable id of the source, e.g. the SHA-256 of the capture and the node name
   * @param resumeFrom the committed position read with {@link IngestLog#committed}
   */
  public SegmentProducer(String bootstrapServers, String sourceId, long resumeFrom, int chunkFrames) {
    this(bootstrapServers, Topics.SEGMENTS, Topics.INGEST_LOG, sourceId, resumeFrom, chunkFrames);
  }

  SegmentProducer(String bootstrapServers, String topic, String ingestLogTopic, String sourceId, long resumeFrom,
      int chunkFrames) {
    this.topic = topic;
    this.ingestLogTopic = ingestLogTopic;
    this.sourceKey = sourceId.getBytes(StandardCharsets.UTF_8);
    this.chunkFrames = chunkFrames;
    this.position = resumeFrom;
    Map<String, Object> conf = new HashMap<>();
    conf.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    conf.put(ProducerConfig.ACKS_CONFIG, "all");
    conf.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    conf.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "wirelake-ingest-" + sourceId);
    conf.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 120_000);
    conf.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, onLoopback(bootstrapServers) ? "none" : "lz4");
    conf.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    conf.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    conf.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
    conf.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
    conf.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
    conf.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    conf.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producer = new KafkaProducer<>(conf);
    producer.initTransactions();
  }

  /**
   * A broker on this machine (the embedded one) is reached without a network: compressing would only cost the
   * producer, the broker and every consumer CPU.
   */
  static boolean onLoopback(String bootstrapServers) {
    for (String server : bootstrapServers.split(",")) {
      String host = server.trim().replaceFirst(":\\d+$", "");
      if (!(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"))) {
        return false;
      }
    }
    return true;
  }

  /** Frames of the source already committed before this run: the caller skips that many. */
  public long position() {
    return position;
  }

  /**
   * Counts one frame of the source; {@code value} null means the frame is not a segment (not TCP or UDP)
   * and is only counted, so positions stay aligned with the source's frame order.
   */
  public void send(byte[] flowKey, byte[] value) {
    failIfSendFailed();
    if (!inTransaction) {
      producer.beginTransaction();
      inTransaction = true;
    }
    if (value != null) {
      producer.send(new ProducerRecord<>(topic, flowKey, value), (md, e) -> {
        if (e != null) {
          sendError.compareAndSet(null, e);
        }
      });
    }
    position++;
    if (++inChunk >= chunkFrames) {
      commit(false);
    }
  }

  /** Commits the last chunk and marks the source complete. */
  public void finish() {
    if (!inTransaction) {
      producer.beginTransaction();
      inTransaction = true;
    }
    commit(true);
  }

  private void commit(boolean complete) {
    producer.send(new ProducerRecord<>(ingestLogTopic, sourceKey, IngestLog.value(position, complete)));
    producer.flush();
    failIfSendFailed();
    producer.commitTransaction();
    inTransaction = false;
    inChunk = 0;
  }

  private void failIfSendFailed() {
    Exception e = sendError.get();
    if (e != null) {
      throw new IllegalStateException("Kafka rejected a segment: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (inTransaction) {
      try {
        producer.abortTransaction();
      } catch (RuntimeException ignored) {
        // the broker aborts it on timeout, or the next run fences it
      }
    }
    producer.close(Duration.ofSeconds(10));
  }
}
