package io.wirelake.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SegmentProducerTest {
  @Test
  void compressesOnlyForBrokersBeyondThisMachine() {
    assertThat(SegmentProducer.onLoopback("127.0.0.1:9092")).isTrue();
    assertThat(SegmentProducer.onLoopback("localhost:9092,127.0.0.2:9093")).isTrue();
    assertThat(SegmentProducer.onLoopback("[::1]:9092")).isTrue();
    assertThat(SegmentProducer.onLoopback("127.0.0.1:9092,kafka-0.kafka:9092")).isFalse();
    assertThat(SegmentProducer.onLoopback("10.0.0.5:9092")).isFalse();
  }
}
