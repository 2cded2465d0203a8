package io.wirelake.ingest.live;

import io.wirelake.schemas.Topics;
import java.time.Duration;

/**
 * What a {@link LiveCapture} opens and where it sends.
 *
 * @param iface the interface to capture on, e.g. {@code eth0} or {@code any}
 * @param bpf a BPF filter expression, or null (or blank) for every frame
 * @param snaplen bytes captured of each frame
 * @param promiscuous whether to put the interface in promiscuous mode
 * @param kernelBufferBytes libpcap's kernel ring buffer
 * @param queueBytes bound of the queue between capture and Kafka; the oldest frames are dropped beyond it
 * @param bootstrapServers Kafka bootstrap servers
 * @param topic the segments topic
 * @param node node name recorded with every segment
 * @param lingerMs producer linger
 * @param batchBytes producer batch size
 * @param statsInterval how often the counters are logged
 */
public record LiveCaptureSettings(String iface, String bpf, int snaplen, boolean promiscuous, int kernelBufferBytes,
    long queueBytes, String bootstrapServers, String topic, String node, int lingerMs, int batchBytes,
    Duration statsInterval) {

  public static final int DEFAULT_SNAPLEN = 65535;
  public static final long DEFAULT_QUEUE_BYTES = 64L * 1024 * 1024;

  /** Defaults: whole frames, not promiscuous, 8 MiB kernel buffer, 64 MiB queue, 20 ms linger, 256 KiB batches. */
  public static LiveCaptureSettings of(String iface, String bootstrapServers, String node) {
    return new LiveCaptureSettings(iface, null, DEFAULT_SNAPLEN, false, 8 * 1024 * 1024, DEFAULT_QUEUE_BYTES,
        bootstrapServers, Topics.SEGMENTS, node, 20, 256 * 1024, Duration.ofSeconds(30));
  }

  public LiveCaptureSettings withBpf(String expression) {
    return new LiveCaptureSettings(iface, expression, snaplen, promiscuous, kernelBufferBytes, queueBytes,
        bootstrapServers, topic, node, lingerMs, batchBytes, statsInterval);
  }

  public LiveCaptureSettings withSnaplen(int n) {
    return new LiveCaptureSettings(iface, bpf, n, promiscuous, kernelBufferBytes, queueBytes, bootstrapServers,
        topic, node, lingerMs, batchBytes, statsInterval);
  }

  public LiveCaptureSettings withPromiscuous(boolean on) {
    return new LiveCaptureSettings(iface, bpf, snaplen, on, kernelBufferBytes, queueBytes, bootstrapServers, topic,
        node, lingerMs, batchBytes, statsInterval);
  }

  public LiveCaptureSettings withQueueBytes(long n) {
    return new LiveCaptureSettings(iface, bpf, snaplen, promiscuous, kernelBufferBytes, n, bootstrapServers, topic,
        node, lingerMs, batchBytes, statsInterval);
  }

  public LiveCaptureSettings withProducer(String topicName, int linger, int batch) {
    return new LiveCaptureSettings(iface, bpf, snaplen, promiscuous, kernelBufferBytes, queueBytes,
        bootstrapServers, topicName, node, linger, batch, statsInterval);
  }

  public LiveCaptureSettings withStatsInterval(Duration d) {
    return new LiveCaptureSettings(iface, bpf, snaplen, promiscuous, kernelBufferBytes, queueBytes,
        bootstrapServers, topic, node, lingerMs, batchBytes, d);
  }

  boolean hasFilter() {
    return bpf != null && !bpf.isBlank();
  }
}
