package io.wirelake.cli;

import io.wirelake.ingest.live.LiveCaptureSettings;
import io.wirelake.schemas.Topics;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The live capture options {@code sniff} and {@code up} share (the interface itself each command declares). */
final class CaptureOptions {
  @Option(names = "--bpf", paramLabel = "EXPR", description = "BPF filter, e.g. \"tcp port 80\" (default: every frame).")
  String bpf;

  @Option(names = "--snaplen", defaultValue = "65535", paramLabel = "N", description = "Bytes captured per frame (default: ${DEFAULT-VALUE}).")
  int snaplen;

  @Option(names = "--promiscuous", description = "Put the interface in promiscuous mode (off by default).")
  boolean promiscuous;

  @Option(names = "--node", paramLabel = "NAME", description = "Node name recorded with the segments (default: this host).")
  String node;

  @Option(names = "--topic", defaultValue = Topics.SEGMENTS, paramLabel = "NAME", description = "Segments topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--buffer-bytes", defaultValue = "67108864", paramLabel = "N",
      description = "Bound of the queue between capture and Kafka; beyond it the oldest frames are dropped (default: ${DEFAULT-VALUE}).")
  long bufferBytes;

  @Option(names = "--linger-ms", defaultValue = "20", paramLabel = "N", description = "Kafka producer linger (default: ${DEFAULT-VALUE}).")
  int lingerMs;

  @Option(names = "--batch-bytes", defaultValue = "262144", paramLabel = "N", description = "Kafka producer batch size (default: ${DEFAULT-VALUE}).")
  int batchBytes;

  /** Fails with the sentence to fix a bad value. */
  void validate() {
    if (snaplen < 64 || snaplen > 262144) {
      throw new IllegalArgumentException("--snaplen must be between 64 and 262144, not " + snaplen);
    }
    if (bufferBytes < snaplen) {
      throw new IllegalArgumentException("--buffer-bytes must hold at least one frame (" + snaplen + " bytes)");
    }
  }

  String nodeName() {
    return node != null ? node : Hosts.localName();
  }

  LiveCaptureSettings settings(String iface, String bootstrapServers) {
    return LiveCaptureSettings.of(iface, bootstrapServers, nodeName())
        .withBpf(bpf).withSnaplen(snaplen).withPromiscuous(promiscuous).withQueueBytes(bufferBytes)
        .withProducer(topic, lingerMs, batchBytes).withStatsInterval(Duration.ZERO);
  }
}
