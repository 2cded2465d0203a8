package io.wirelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wirelake.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KafkaTest {
  private static final List<String> STRIMZI_KINDS = List.of("Kafka", "KafkaNodePool", "KafkaTopic");

  @Test
  void strimziObjectsAreAbsentWhenTheClusterDoesNotServeTheStrimziApi() {
    Chart.Rendered rendered = Chart.defaults().set("kafka.create", true).withApis(Chart.FLINK_API).render();

    assertThat(rendered.objects()).noneMatch(o -> STRIMZI_KINDS.contains(o.kind()));
    assertThat(rendered.objects()).noneMatch(o -> o.apiVersion().startsWith("kafka.strimzi.io"));
  }

  @Test
  void strimziObjectsAreAbsentWhenKafkaIsExternal() {
    Chart.Rendered rendered = Chart.production().withOperatorApis()
        .set("kafka.create", false).set("kafka.bootstrapServers", "b-1.kafka.example:9092,b-2.kafka.example:9092")
        .render();

    assertThat(rendered.objects()).noneMatch(o -> STRIMZI_KINDS.contains(o.kind()));
    assertThat(rendered.one("ConfigMap", Chart.name("sniffer")).map("data"))
        .containsEntry("bootstrap-servers", "b-1.kafka.example:9092,b-2.kafka.example:9092");
    assertThat(K8s.list(rendered.one("FlinkDeployment", Chart.name("flink-pipeline")).get("spec.job.args")))
        .containsSequence("--bootstrap-servers", "b-1.kafka.example:9092,b-2.kafka.example:9092");
  }

  @Test
  void externalKafkaWithoutBootstrapServersIsAnError() {
    assertThatThrownBy(() -> Chart.defaults().set("kafka.create", false).yaml())
        .hasMessageContaining("kafka.bootstrapServers is required");
  }

  @Test
  void strimziClusterIsKraftWithNodePools() {
    Chart.Rendered rendered = Chart.production().withOperatorApis().render();
    K8s kafka = rendered.one("Kafka", Chart.name("kafka"));
    K8s pool = rendered.one("KafkaNodePool", Chart.name("kafka") + "-dual");

    assertThat(kafka.apiVersion()).isEqualTo("kafka.strimzi.io/v1");
    assertThat(kafka.map("metadata.annotations"))
        .containsEntry("strimzi.io/node-pools", "enabled").containsEntry("strimzi.io/kraft", "enabled");
    assertThat(kafka.get("spec.zookeeper")).isNull();
    assertThat(kafka.map("spec.kafka.config")).containsEntry("default.replication.factor", 3)
        .containsEntry("min.insync.replicas", 2);
    assertThat(pool.apiVersion()).isEqualTo("kafka.strimzi.io/v1");
    assertThat(pool.labels()).containsEntry("strimzi.io/cluster", Chart.name("kafka"));
    assertThat(K8s.list(pool.get("spec.roles"))).containsExactlyInAnyOrder("controller", "broker");
    assertThat(pool.get("spec.replicas")).isEqualTo(3);
  }

  @Test
  void topicNamesAreTheSchemasTopicConstants() {
    Chart.Rendered rendered = Chart.defaults().withOperatorApis().render();

    Map<String, K8s> topics = rendered.ofKind("KafkaTopic").stream()
        .collect(Collectors.toMap(t -> String.valueOf(t.get("spec.topicName")), t -> t));
    assertThat(topics).containsOnlyKeys(Topics.SEGMENTS, Topics.WORKLOADS, Topics.INGEST_LOG);
    assertThat(topics.values()).allSatisfy(t -> {
      assertThat(t.apiVersion()).isEqualTo("kafka.strimzi.io/v1");
      assertThat(t.labels()).containsEntry("strimzi.io/cluster", Chart.name("kafka"));
    });
    assertThat(rendered.one("ConfigMap", Chart.name("sniffer")).map("data")).containsEntry("topic", Topics.SEGMENTS);
    assertThat(K8s.list(K8s.container(rendered.one("Deployment", Chart.name("watcher")).map("spec.template.spec"),
        "watcher").get("args"))).containsSequence("--topic", Topics.WORKLOADS);
  }

  @Test
  void topicRetentionPartitionsAndCompactionComeFromValues() {
    Chart.Rendered rendered = Chart.production().withOperatorApis()
        .set("kafka.topics.segments.retentionMs", 3600000).render();
    Map<String, K8s> topics = rendered.ofKind("KafkaTopic").stream()
        .collect(Collectors.toMap(t -> String.valueOf(t.get("spec.topicName")), t -> t));

    K8s segments = topics.get(Topics.SEGMENTS);
    assertThat(segments.get("spec.partitions")).isEqualTo(48);
    assertThat(segments.get("spec.replicas")).isEqualTo(3);
    assertThat(segments.map("spec.config")).containsEntry("cleanup.policy", "delete")
        .containsEntry("retention.ms", 3600000).containsEntry("retention.bytes", 53687091200L);
    assertThat(topics.get(Topics.WORKLOADS).map("spec.config"))
        .containsEntry("retention.ms", 2592000000L).containsEntry("cleanup.policy", "delete");
    assertThat(topics.get(Topics.INGEST_LOG).map("spec.config"))
        .containsEntry("cleanup.policy", "compact").doesNotContainKey("retention.ms");
  }

  @Test
  void replicationFactorAboveTheNodeCountIsRefused() {
    assertThatThrownBy(() -> Chart.defaults().withOperatorApis().set("kafka.strimzi.replicationFactor", 3).yaml())
        .hasMessageContaining("replicationFactor must not exceed");
  }
}
