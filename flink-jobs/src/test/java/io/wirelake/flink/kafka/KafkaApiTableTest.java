package io.wirelake.flink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** The hand-written API and error tables agree with kafka-clients 4.2 (the reference implementation). */
class KafkaApiTableTest {
  @Test
  void namesAndHighestVersionsMatchKafkaClients() {
    for (ApiKeys k : ApiKeys.values()) {
      assertThat(ApiTable.name(k.id)).as("key %d", k.id).isEqualTo(k.name);
      if (k.hasValidVersion()) {
        assertThat(ApiTable.maxVersion(k.id)).as(k.name).isEqualTo(k.latestVersion(true));
      }
    }
    assertThat(ApiTable.NAMES).hasSize(ApiKeys.values().length);
    assertThat(ApiTable.name(200)).isEqualTo("ApiKey(200)");
  }

  @Test
  void headerVersionsMatchKafkaClientsForEverySupportedVersion() {
    for (ApiKeys k : ApiKeys.values()) {
      if (!k.hasValidVersion()) {
        continue;
      }
      for (short v = k.oldestVersion(); v <= k.latestVersion(true); v++) {
        assertThat(ApiTable.requestHeaderVersion(k.id, v)).as("%s v%d request", k.name, v)
            .isEqualTo(k.requestHeaderVersion(v));
        assertThat(ApiTable.responseHeaderVersion(k.id, v)).as("%s v%d response", k.name, v)
            .isEqualTo(k.responseHeaderVersion(v));
      }
    }
  }

  @Test
  void errorNamesMatchKafkaClients() {
    for (Errors e : Errors.values()) {
      assertThat(ErrorCodes.name(e.code())).as("code %d", e.code()).isEqualTo(e == Errors.NONE ? null : e.name());
    }
    assertThat(ErrorCodes.name(6)).isEqualTo("NOT_LEADER_OR_FOLLOWER");
    assertThat(ErrorCodes.name(9999)).isEqualTo("ERROR_9999");
  }
}
