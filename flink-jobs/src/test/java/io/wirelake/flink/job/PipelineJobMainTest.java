package io.wirelake.flink.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The cluster entry point refuses incomplete or unknown arguments before it touches Kafka or a catalog. */
class PipelineJobMainTest {
  @Test
  void refusesMissingBootstrapServers() {
    assertThatThrownBy(() -> PipelineJob.main(new String[] {"--catalog-property", "type=rest"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bootstrap-servers");
  }

  @Test
  void refusesUnknownArgumentsByName() {
    assertThatThrownBy(() -> PipelineJob.main(new String[] {"--bootstrap", "x:9092"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bootstrap");
  }

  @Test
  void refusesCatalogPropertyWithoutValue() {
    assertThatThrownBy(() -> PipelineJob.main(new String[] {"--catalog-property", "rest"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key=value");
  }
}
