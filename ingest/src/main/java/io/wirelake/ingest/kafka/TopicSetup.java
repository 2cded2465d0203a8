package io.wirelake.ingest.kafka;

import io.wirelake.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates wirelake's topics when they are missing. */
public final class TopicSetup {
  private TopicSetup() {}

  public static void ensureTopics(String bootstrapServers, int segmentPartitions, short replication) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = List.of(
              new NewTopic(Topics.SEGMENTS, segmentPartitions, replication)
                  .configs(Map.of("retention.ms", "-1", "compression.type", "producer")),
              new NewTopic(Topics.WORKLOADS, 1, replication).configs(Map.of("retention.ms", "-1")),
              new NewTopic(Topics.INGEST_LOG, 1, replication).configs(Map.of("cleanup.policy", "compact")))
          .stream().filter(t -> !existing.contains(t.name())).collect(Collectors.toList());
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not create the Kafka topics at " + bootstrapServers + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating Kafka topics", e);
    }
  }
}
