package io.wirelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** RBAC, pod security and secrets. */
class AccessTest {
  private static final String SNIFFER_POD = "sniffer";

  @Test
  void noContainerAnywhereIsPrivilegedOrMayEscalate() {
    for (Chart.Rendered rendered : List.of(
        Chart.defaults().withOperatorApis().set("catalog.rest.deploy", true).render(),
        Chart.production().withOperatorApis().render())) {
      assertThat(rendered.containers()).hasSizeGreaterThanOrEqualTo(5).allSatisfy(c -> {
        Map<String, Object> security = K8s.cast(c.get("securityContext"));
        assertThat(security).as("securityContext of %s", c.get("name")).isNotNull()
            .containsEntry("privileged", false)
            .containsEntry("allowPrivilegeEscalation", false);
        assertThat(K8s.list(K8s.at(security, "capabilities.drop"))).as("%s drops", c.get("name")).contains("ALL");
      });
      assertThat(rendered.containers()).filteredOn(c -> !SNIFFER_POD.equals(c.get("name")))
          .allSatisfy(c -> assertThat(K8s.at(K8s.cast(c.get("securityContext")), "capabilities.add"))
              .as("%s adds capabilities", c.get("name")).isNull());
    }
  }

  @Test
  void everyPodButTheSnifferRunsAsNonRoot() {
    Chart.Rendered rendered = Chart.production().withOperatorApis().set("catalog.rest.deploy", true).render();

    List<Map<String, Object>> nonSniffer = rendered.podSpecs().stream()
        .filter(p -> !Boolean.TRUE.equals(p.get("hostNetwork"))).toList();
    assertThat(nonSniffer).hasSize(rendered.podSpecs().size() - 1).allSatisfy(p -> {
      Map<String, Object> security = K8s.cast(p.get("securityContext"));
      assertThat(security).containsEntry("runAsNonRoot", true);
      assertThat((Integer) security.get("runAsUser")).isPositive();
    });
  }

  @Test
  void ourContainersHaveReadOnlyRootFilesystems() {
    Chart.Rendered rendered = Chart.production().withOperatorApis().set("catalog.rest.deploy", true).render();

    // Flink's entrypoint writes its configuration into the image; everything else is read-only.
    assertThat(rendered.containers()).filteredOn(c -> !"flink-main-container".equals(c.get("name")))
        .extracting(c -> K8s.at(K8s.cast(c.get("securityContext")), "readOnlyRootFilesystem"))
        .hasSize(5).containsOnly(true);
  }

  @Test
  void watcherClusterRoleOnlyGetsListsAndWatchesWorkloadMetadata() {
    List<K8s> clusterRoles = Chart.production().withOperatorApis().render().ofKind("ClusterRole");

    assertThat(clusterRoles).singleElement().satisfies(role -> {
      Set<String> grants = role.list("rules").stream()
          .flatMap(rule -> K8s.list(rule.get("apiGroups")).stream().flatMap(group ->
              K8s.list(rule.get("resources")).stream().map(resource -> group + "/" + resource)))
          .collect(Collectors.toSet());
      assertThat(grants).containsExactlyInAnyOrder(
          "/pods", "/services", "/nodes", "discovery.k8s.io/endpointslices", "apps/replicasets");
      assertThat(role.list("rules")).allSatisfy(rule -> {
        assertThat(K8s.list(rule.get("verbs"))).containsExactlyInAnyOrder("get", "list", "watch");
        assertThat(rule).doesNotContainKey("resourceNames").doesNotContainKey("nonResourceURLs");
      });
    });
  }

  @Test
  void watcherClusterRoleIsBoundToTheWatcherServiceAccountOnly() {
    Chart.Rendered rendered = Chart.defaults().render();
    K8s binding = rendered.ofKind("ClusterRoleBinding").get(0);

    assertThat(rendered.ofKind("ClusterRoleBinding")).hasSize(1);
    assertThat(binding.get("roleRef.name")).isEqualTo(rendered.ofKind("ClusterRole").get(0).name());
    assertThat(binding.list("subjects")).containsExactly(
        Map.of("kind", "ServiceAccount", "name", Chart.name("watcher"), "namespace", Chart.NAMESPACE));
    assertThat(K8s.cast(rendered.one("Deployment", Chart.name("watcher")).get("spec.template.spec")))
        .containsEntry("serviceAccountName", Chart.name("watcher"));
  }

  @Test
  void daemonSetPatchRoleExistsOnlyWithCaptureControl() {
    assertThat(Chart.defaults().render().ofKind("Role")).extracting(K8s::name)
        .doesNotContain(Chart.name("capture-control"));
    assertThat(Chart.production().set("captureControl.enabled", false).render().ofKind("Role"))
        .extracting(K8s::name).doesNotContain(Chart.name("capture-control"));
    assertThat(Chart.defaults().render().one("Deployment", Chart.name("mcp")).get("spec.template.spec.containers"))
        .asList().singleElement().satisfies(c -> assertThat(K8s.list(K8s.cast(c).get("args")))
            .doesNotContain("--allow-control"));

    Chart.Rendered enabled = Chart.defaults().set("captureControl.enabled", true).render();
    K8s role = enabled.one("Role", Chart.name("capture-control"));
    assertThat(role.list("rules")).hasSize(2);
    assertThat(role.list("rules")).first().satisfies(rule -> {
      assertThat(K8s.list(rule.get("apiGroups"))).containsExactly("apps");
      assertThat(K8s.list(rule.get("resources"))).containsExactly("daemonsets");
      assertThat(K8s.list(rule.get("resourceNames"))).containsExactly(Chart.name("sniffer"));
      assertThat(K8s.list(rule.get("verbs"))).containsExactlyInAnyOrder("get", "patch");
    });
    // per-node status: which node each sniffer pod runs on; read-only, never nodes
    assertThat(role.list("rules")).last().satisfies(rule -> {
      assertThat(K8s.list(rule.get("apiGroups"))).containsExactly("");
      assertThat(K8s.list(rule.get("resources"))).containsExactly("pods");
      assertThat(K8s.list(rule.get("verbs"))).containsExactly("list");
    });
    K8s binding = enabled.one("RoleBinding", Chart.name("capture-control"));
    assertThat(binding.get("roleRef.name")).isEqualTo(Chart.name("capture-control"));
    assertThat(binding.list("subjects")).containsExactly(
        Map.of("kind", "ServiceAccount", "name", Chart.name("mcp"), "namespace", Chart.NAMESPACE));
    assertThat(K8s.list(K8s.container(enabled.one("Deployment", Chart.name("mcp")).map("spec.template.spec"), "mcp")
        .get("args"))).contains("--allow-control");
  }

  @Test
  void credentialsAreReferencedFromSecretsNeverRendered() {
    String accessKey = "AKIASAMPLEACCESSKEY9";
    String secretKey = "s4mple/Secret+AccessKey/DoNotRender";
    Chart.Rendered rendered = Chart.production().withOperatorApis().set("catalog.rest.deploy", true)
        .set("catalog.credentials.existingSecret", "prod-object-store")
        .set("catalog.credentials.accessKeyIdKey", "access")
        .set("catalog.credentials.secretAccessKeyKey", "secret")
        .set("mcp.tokenSecret.name", "prod-mcp").set("mcp.tokenSecret.key", "bearer")
        // Where a careless user might put them: not a chart value, so they must go nowhere.
        .set("s3.accessKeyId", accessKey).set("s3.secretAccessKey", secretKey)
        .render();

    assertThat(rendered.ofKind("Secret")).isEmpty();
    assertThat(rendered.yaml()).doesNotContain(accessKey).doesNotContain(secretKey)
        .doesNotContain("stringData");
    List<Map<String, Object>> secretEnv = rendered.containers().stream()
        .flatMap(c -> K8s.maps(c.get("env")).stream())
        .filter(e -> Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "WIRELAKE_TOKEN").contains(e.get("name")))
        .toList();
    // MCP, maintenance, the REST catalog and the Flink pods read object storage; MCP also the token.
    assertThat(secretEnv).hasSize(9).allSatisfy(e -> {
      assertThat(e).doesNotContainKey("value");
      String secret = (String) K8s.at(e, "valueFrom.secretKeyRef.name");
      String key = (String) K8s.at(e, "valueFrom.secretKeyRef.key");
      if ("WIRELAKE_TOKEN".equals(e.get("name"))) {
        assertThat(secret + "/" + key).isEqualTo("prod-mcp/bearer");
      } else {
        assertThat(secret).isEqualTo("prod-object-store");
        assertThat(key).isEqualTo("AWS_ACCESS_KEY_ID".equals(e.get("name")) ? "access" : "secret");
      }
    });
    assertThat(rendered.containers()).allSatisfy(c -> assertThat(K8s.list(c.get("args")))
        .noneMatch(a -> String.valueOf(a).contains("--token")));
  }

  @Test
  void schemaRefusesInlineCredentials() {
    assertThatThrownBy(() -> Chart.defaults().set("catalog.credentials.secretAccessKey", "s3cr3t").yaml())
        .hasMessageContaining("secretAccessKey");
    assertThatThrownBy(() -> Chart.defaults().set("mcp.token", "s3cr3t").yaml())
        .hasMessageContaining("token");
    assertThatThrownBy(() -> Chart.defaults().set("catalog.s3.secretAccessKey", "s3cr3t").yaml())
        .hasMessageContaining("secretAccessKey");
    assertThatThrownBy(() -> Chart.defaults().set("catalog.extraProperties.s3\\.secret-access-key", "s3cr3t").yaml())
        .hasMessageContaining("invalid propertyName 's3.secret-access-key'");
  }
}
