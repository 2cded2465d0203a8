package io.wirelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Flink jobs, the MCP server and table maintenance. */
class WorkloadsTest {
  private static final List<String> CATALOG_ARGS = List.of(
      "--catalog-property", "client.region=eu-central-1",
      "--catalog-property", "io-impl=org.apache.iceberg.aws.s3.S3FileIO",
      "--catalog-property", "name=wirelake",
      "--catalog-property", "s3.endpoint=https://s3.eu-central-1.amazonaws.com",
      "--catalog-property", "s3.path-style-access=false",
      "--catalog-property", "type=rest",
      "--catalog-property", "uri=https://iceberg-catalog.data.svc:8181",
      "--catalog-property", "warehouse=s3://wirelake-prod/warehouse");

  private final Chart.Rendered production = Chart.production().withOperatorApis().render();

  @Test
  void flinkDeploymentRunsThePipelineJarWithSavepointUpgradesAndKubernetesHa() {
    K8s flink = production.one("FlinkDeployment", Chart.name("flink-pipeline"));

    assertThat(flink.apiVersion()).isEqualTo("flink.apache.org/v1beta1");
    assertThat(flink.get("spec.image")).isEqualTo("ghcr.io/wirelake/wirelake-flink:0.1.0");
    assertThat(flink.get("spec.serviceAccount")).isEqualTo(Chart.name("flink"));
    assertThat(flink.map("spec.job"))
        .containsEntry("jarURI", "local:///opt/wirelake/wirelake-flink-jobs.jar")
        .containsEntry("entryClass", "io.wirelake.flink.job.PipelineJob")
        .containsEntry("upgradeMode", "savepoint")
        .containsEntry("parallelism", 16)
        .containsEntry("state", "running");
    assertThat(flink.map("spec.flinkConfiguration"))
        .containsEntry("high-availability.type", "kubernetes")
        .containsEntry("high-availability.storageDir", "s3://wirelake-prod/flink/ha")
        .containsEntry("execution.checkpointing.dir", "s3://wirelake-prod/flink/checkpoints")
        .containsEntry("execution.checkpointing.savepoint-dir", "s3://wirelake-prod/flink/savepoints")
        .containsEntry("state.savepoints.dir", "s3://wirelake-prod/flink/savepoints")
        .containsEntry("execution.checkpointing.mode", "EXACTLY_ONCE")
        .containsEntry("taskmanager.numberOfTaskSlots", "4")
        .containsEntry("s3.endpoint", "https://s3.eu-central-1.amazonaws.com")
        .containsEntry("restart-strategy.type", "exponential-delay");
    assertThat(flink.map("spec.taskManager.resource")).containsEntry("cpu", 4).containsEntry("memory", "16384m");
    assertThat(flink.get("spec.jobManager.replicas")).isEqualTo(2);
  }

  @Test
  void flinkJobArgsCarryBootstrapServersAndTheCatalog() {
    List<Object> args = K8s.list(production.one("FlinkDeployment", Chart.name("flink-pipeline")).get("spec.job.args"));

    assertThat(args).containsSequence("--bootstrap-servers",
        Chart.name("kafka") + "-kafka-bootstrap." + Chart.NAMESPACE + ".svc:9092");
    assertThat(args).containsSequence(CATALOG_ARGS.toArray());
  }

  @Test
  void flinkPodsReadObjectStorageCredentialsFromTheSecret() {
    Map<String, Object> main = K8s.container(
        production.one("FlinkDeployment", Chart.name("flink-pipeline")).map("spec.podTemplate.spec"),
        "flink-main-container");

    assertThat(K8s.at(K8s.env(main, "AWS_SECRET_ACCESS_KEY"), "valueFrom.secretKeyRef.name")).isEqualTo("wirelake-s3");
    assertThat(K8s.env(main, "ENABLE_BUILT_IN_PLUGINS")).containsEntry("value", "flink-s3-fs-presto-2.1.1.jar");
  }

  @Test
  void flinkHasItsOwnServiceAccountWithANamespacedRole() {
    K8s role = production.one("Role", Chart.name("flink"));
    K8s binding = production.one("RoleBinding", Chart.name("flink"));

    production.one("ServiceAccount", Chart.name("flink"));
    assertThat(role.list("rules")).flatExtracting(r -> K8s.list(r.get("resources")))
        .containsExactlyInAnyOrder("pods", "configmaps", "services", "deployments", "deployments/finalizers");
    assertThat(binding.list("subjects")).singleElement()
        .satisfies(s -> assertThat(s).containsEntry("name", Chart.name("flink")));
  }

  @Test
  void mcpServerServesHttpOnAllInterfacesStatelessWithSeveralReplicas() {
    K8s deployment = production.one("Deployment", Chart.name("mcp"));
    Map<String, Object> mcp = K8s.container(deployment.map("spec.template.spec"), "mcp");
    List<Object> args = K8s.list(mcp.get("args"));

    assertThat(deployment.get("spec.replicas")).isEqualTo(3);
    assertThat(args.subList(0, 5)).containsExactly("mcp", "--http", "8080", "--bind", "0.0.0.0");
    assertThat(args).contains("--stateless").containsSequence(CATALOG_ARGS.toArray());
    assertThat(K8s.env(mcp, "WIRELAKE_TOKEN")).containsEntry("valueFrom",
        Map.of("secretKeyRef", Map.of("name", "wirelake-mcp-token", "key", "token")));
  }

  @Test
  void singleMcpReplicaKeepsSessions() {
    Map<String, Object> mcp = K8s.container(
        Chart.defaults().render().one("Deployment", Chart.name("mcp")).map("spec.template.spec"), "mcp");

    assertThat(K8s.list(mcp.get("args"))).doesNotContain("--stateless");
  }

  @Test
  void mcpServiceTargetsTheMcpPods() {
    K8s service = production.one("Service", Chart.name("mcp"));

    assertThat(service.map("spec.selector")).containsEntry("app.kubernetes.io/component", "mcp")
        .containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
    assertThat(service.list("spec.ports")).singleElement()
        .satisfies(p -> assertThat(p).containsEntry("port", 8080).containsEntry("targetPort", "http"));
  }

  @Test
  void maintenanceCronJobRunsMaintainOnTheScheduleFromValues() {
    K8s cron = Chart.defaults().set("maintenance.schedule", "5 3 * * *").render()
        .one("CronJob", Chart.name("maintenance"));
    Map<String, Object> maintain = K8s.container(cron.map("spec.jobTemplate.spec.template.spec"), "maintain");

    assertThat(cron.get("spec.schedule")).isEqualTo("5 3 * * *");
    assertThat(cron.get("spec.concurrencyPolicy")).isEqualTo("Forbid");
    assertThat(K8s.list(maintain.get("command"))).containsExactly("wirelake");
    assertThat(K8s.list(maintain.get("args"))).first().isEqualTo("maintain");
    assertThat(K8s.at(K8s.env(maintain, "AWS_ACCESS_KEY_ID"), "valueFrom.secretKeyRef.name")).isEqualTo("wirelake-s3");
  }

  @Test
  void watcherRunsOneWriterAtATime() {
    K8s watcher = production.one("Deployment", Chart.name("watcher"));

    assertThat(watcher.get("spec.replicas")).isEqualTo(1);
    assertThat(watcher.get("spec.strategy.type")).isEqualTo("Recreate");
    assertThat(K8s.list(K8s.container(watcher.map("spec.template.spec"), "watcher").get("args"))).first()
        .isEqualTo("watch");
  }
}
