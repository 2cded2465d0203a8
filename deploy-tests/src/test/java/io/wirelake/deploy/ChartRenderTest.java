package io.wirelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChartRenderTest {

  @Test
  void lintStrictPasses() {
    LintResult result = Chart.lint();

    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.startsWith("[ERROR]") || m.startsWith("[WARNING]"));
  }

  @Test
  void defaultValuesRenderTheClusterObjectsButNoOperatorResources() {
    Chart.Rendered rendered = Chart.defaults().render();

    assertThat(kindsWithApiVersions(rendered)).containsExactlyInAnyOrder(
        "v1/ServiceAccount", "v1/ConfigMap", "v1/Service",
        "apps/v1/DaemonSet", "apps/v1/Deployment", "batch/v1/CronJob",
        "rbac.authorization.k8s.io/v1/ClusterRole", "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
        "rbac.authorization.k8s.io/v1/Role", "rbac.authorization.k8s.io/v1/RoleBinding");
    assertThat(names(rendered, "Deployment")).containsExactlyInAnyOrder(Chart.name("watcher"), Chart.name("mcp"));
    assertThat(names(rendered, "ServiceAccount")).containsExactlyInAnyOrder(
        Chart.name("sniffer"), Chart.name("watcher"), Chart.name("mcp"), Chart.name("flink"));
  }

  @Test
  void operatorApisRenderStrimziKafkaAndFlinkDeployments() {
    Chart.Rendered rendered = Chart.defaults().withOperatorApis().render();

    assertThat(kindsWithApiVersions(rendered)).contains(
        "kafka.strimzi.io/v1/Kafka", "kafka.strimzi.io/v1/KafkaNodePool", "kafka.strimzi.io/v1/KafkaTopic",
        "flink.apache.org/v1beta1/FlinkDeployment");
    assertThat(rendered.ofKind("KafkaTopic")).hasSize(3);
    assertThat(names(rendered, "FlinkDeployment")).containsExactly(Chart.name("flink-pipeline"));
  }

  @Test
  void productionValuesRenderEveryComponentWithOnlyExpectedKindsAndApiVersions() {
    Chart.Rendered rendered = Chart.production().withOperatorApis().render();

    assertThat(kindsWithApiVersions(rendered)).containsExactlyInAnyOrder(
        "v1/ServiceAccount", "v1/ConfigMap", "v1/Service",
        "apps/v1/DaemonSet", "apps/v1/Deployment", "batch/v1/CronJob",
        "rbac.authorization.k8s.io/v1/ClusterRole", "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
        "rbac.authorization.k8s.io/v1/Role", "rbac.authorization.k8s.io/v1/RoleBinding",
        "kafka.strimzi.io/v1/Kafka", "kafka.strimzi.io/v1/KafkaNodePool", "kafka.strimzi.io/v1/KafkaTopic",
        "flink.apache.org/v1beta1/FlinkDeployment");
    assertThat(rendered.one("Deployment", Chart.name("mcp")).get("spec.replicas")).isEqualTo(3);
    assertThat(rendered.one("KafkaNodePool", Chart.name("kafka") + "-dual").get("spec.storage.volumes"))
        .asList().singleElement().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("type", "persistent-claim").containsEntry("size", "500Gi");
  }

  @Test
  void productionValuesRenderWithoutOperatorApisToo() {
    Chart.Rendered rendered = Chart.production().render();

    assertThat(rendered.ofKind("Kafka")).isEmpty();
    assertThat(rendered.ofKind("FlinkDeployment")).isEmpty();
    assertThat(rendered.ofKind("DaemonSet")).hasSize(1);
  }

  @Test
  void everyObjectCarriesTheStandardLabels() {
    Chart.Rendered rendered = Chart.production().withOperatorApis().render();

    assertThat(rendered.objects()).isNotEmpty().allSatisfy(o -> assertThat(o.labels())
        .as(o.id())
        .containsEntry("app.kubernetes.io/name", "wirelake")
        .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
        .containsEntry("app.kubernetes.io/version", "0.1.0")
        .containsEntry("app.kubernetes.io/managed-by", "Helm")
        .containsKey("app.kubernetes.io/component"));
    Set<String> components = rendered.objects().stream()
        .map(o -> String.valueOf(o.labels().get("app.kubernetes.io/component")))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(components).containsExactly("capture-control", "flink", "flink-pipeline", "kafka", "maintenance", "mcp",
            "sniffer", "watcher");
  }

  @Test
  void namespacedObjectsAreInTheReleaseNamespace() {
    Chart.Rendered rendered = Chart.production().withOperatorApis().render();
    Set<String> clusterScoped = Set.of("ClusterRole", "ClusterRoleBinding");

    assertThat(rendered.objects()).filteredOn(o -> !clusterScoped.contains(o.kind()))
        .allSatisfy(o -> assertThat(o.get("metadata.namespace")).as(o.id()).isEqualTo(Chart.NAMESPACE));
  }

  @Test
  void imagesComeFromRegistryRepositoryAndTagValues() {
    Chart.Rendered rendered = Chart.defaults().withOperatorApis()
        .set("image.registry", "registry.example:5000")
        .set("image.repository", "team/wirelake")
        .set("image.tag", "1.2.3")
        .set("image.pullPolicy", "Always")
        .render();

    Map<String, Object> sniffer = K8s.container(
        rendered.one("DaemonSet", Chart.name("sniffer")).map("spec.template.spec"), "sniffer");
    assertThat(sniffer).containsEntry("image", "registry.example:5000/team/wirelake:1.2.3")
        .containsEntry("imagePullPolicy", "Always");
    assertThat(rendered.one("FlinkDeployment", Chart.name("flink-pipeline")).get("spec.image"))
        .isEqualTo("ghcr.io/wirelake/wirelake-flink:0.1.0");
  }

  @Test
  void schemaRejectsValuesOfTheWrongType() {
    assertThatThrownBy(() -> Chart.defaults().set("mcp.replicas", "three").yaml())
        .hasMessageContaining("mcp").hasMessageContaining("replicas");
    assertThatThrownBy(() -> Chart.defaults().set("kafka.create", "maybe").yaml())
        .hasMessageContaining("kafka");
  }

  @Test
  void inChartRestCatalogIsOnlyRenderedWhenAskedForAndThenUsedByEveryComponent() {
    assertThat(Chart.defaults().render().ofKind("Service")).extracting(K8s::name)
        .containsExactly(Chart.name("mcp"));

    Chart.Rendered rendered = Chart.defaults().withOperatorApis().set("catalog.rest.deploy", true).render();

    K8s service = rendered.one("Service", Chart.name("catalog"));
    assertThat(service.list("spec.ports")).singleElement().satisfies(p -> assertThat(p).containsEntry("port", 8181));
    rendered.one("Deployment", Chart.name("catalog"));
    String uri = "uri=http://" + Chart.name("catalog") + "." + Chart.NAMESPACE + ".svc:8181";
    assertThat(K8s.list(rendered.one("FlinkDeployment", Chart.name("flink-pipeline")).get("spec.job.args")))
        .contains(uri);
    assertThat(K8s.list(K8s.container(rendered.one("Deployment", Chart.name("mcp")).map("spec.template.spec"), "mcp")
        .get("args"))).contains(uri);
  }

  static Set<String> kindsWithApiVersions(Chart.Rendered rendered) {
    return rendered.objects().stream().map(o -> o.apiVersion() + "/" + o.kind())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> names(Chart.Rendered rendered, String kind) {
    return rendered.ofKind(kind).stream().map(K8s::name).collect(Collectors.toSet());
  }
}
