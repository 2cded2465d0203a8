package io.wirelake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.schemas.Topics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnifferTest {
  private final Chart.Rendered rendered = Chart.production().withOperatorApis().render();
  private final K8s daemonSet = rendered.one("DaemonSet", Chart.name("sniffer"));
  private final Map<String, Object> pod = daemonSet.map("spec.template.spec");
  private final Map<String, Object> container = K8s.container(pod, "sniffer");

  @Test
  void addsExactlyNetRawAndNetAdminAndDropsEverythingElse() {
    Map<String, Object> security = K8s.cast(container.get("securityContext"));

    assertThat(K8s.list(K8s.at(security, "capabilities.add"))).containsExactlyInAnyOrder("NET_RAW", "NET_ADMIN");
    assertThat(K8s.list(K8s.at(security, "capabilities.drop"))).containsExactly("ALL");
    assertThat(security).containsEntry("privileged", false)
        .containsEntry("allowPrivilegeEscalation", false)
        .containsEntry("readOnlyRootFilesystem", true);
  }

  @Test
  void runsAsRootWithoutPrivilegeForRawSockets() {
    assertThat(K8s.cast(pod.get("securityContext"))).containsEntry("runAsUser", 0);
    assertThat(pod).doesNotContainKey("hostPID").doesNotContainKey("hostIPC");
    assertThat(K8s.maps(pod.get("volumes"))).noneMatch(v -> v.containsKey("hostPath"));
  }

  @Test
  void usesTheHostNetworkWithClusterDns() {
    assertThat(pod).containsEntry("hostNetwork", true).containsEntry("dnsPolicy", "ClusterFirstWithHostNet");
  }

  @Test
  void onlyTheSnifferUsesTheHostNetwork() {
    assertThat(rendered.podSpecs()).filteredOn(p -> Boolean.TRUE.equals(p.get("hostNetwork"))).containsExactly(pod);
    assertThat(rendered.podSpecs()).filteredOn(p -> "ClusterFirstWithHostNet".equals(p.get("dnsPolicy")))
        .containsExactly(pod);
  }

  @Test
  void knowsItsNodeFromTheDownwardApi() {
    assertThat(K8s.at(K8s.env(container, "NODE_NAME"), "valueFrom.fieldRef.fieldPath")).isEqualTo("spec.nodeName");
    assertThat(K8s.list(container.get("args"))).containsSequence("--node", "$(NODE_NAME)");
  }

  @Test
  void runsTheCliSniffCommandOnTheConfiguredInterfaceFilterAndKafka() {
    assertThat(K8s.list(container.get("command"))).containsExactly("wirelake");
    List<Object> args = K8s.list(container.get("args"));
    assertThat(args.get(0)).isEqualTo("sniff");
    assertThat(args).containsSequence("--interface", "$(IFACE)")
        .containsSequence("--bpf", "$(BPF)")
        .containsSequence("--bootstrap-servers", "$(BOOTSTRAP_SERVERS)")
        .containsSequence("--buffer-bytes", "$(BUFFER_BYTES)");
    for (String var : List.of("IFACE", "BPF", "BOOTSTRAP_SERVERS", "TOPIC", "BUFFER_BYTES", "LINGER_MS", "BATCH_BYTES")) {
      assertThat(K8s.at(K8s.env(container, var), "valueFrom.configMapKeyRef.name"))
          .as(var).isEqualTo(Chart.name("sniffer"));
    }
  }

  @Test
  void configMapCarriesInterfaceFilterTopicBatchingAndBoundedBuffer() {
    Map<String, Object> data = rendered.one("ConfigMap", Chart.name("sniffer")).map("data");

    assertThat(data).containsEntry("interface", "any")
        .containsEntry("bpf", "tcp or udp")
        .containsEntry("topic", Topics.SEGMENTS)
        .containsEntry("bootstrap-servers", Chart.name("kafka") + "-kafka-bootstrap." + Chart.NAMESPACE + ".svc:9092")
        .containsEntry("linger-ms", "50")
        .containsEntry("batch-bytes", "2097152")
        .containsEntry("buffer-bytes", "268435456");
  }

  @Test
  void bufferAndFilterFollowValues() {
    Map<String, Object> data = Chart.defaults()
        .set("sniffer.bufferBytes", 33554432).set("sniffer.bpf", "tcp port 80").set("sniffer.interface", "eth0")
        .render().one("ConfigMap", Chart.name("sniffer")).map("data");

    assertThat(data).containsEntry("buffer-bytes", "33554432").containsEntry("bpf", "tcp port 80")
        .containsEntry("interface", "eth0");
  }

  @Test
  void probesHitHealthAndReadinessOnTheMetricsPort() {
    assertThat(K8s.maps(container.get("ports"))).singleElement()
        .satisfies(p -> assertThat(p).containsEntry("name", "metrics").containsEntry("containerPort", 9464));
    assertThat(K8s.at(container, "readinessProbe.httpGet.path")).isEqualTo("/readyz");
    assertThat(K8s.at(container, "readinessProbe.httpGet.port")).isEqualTo("metrics");
    assertThat(K8s.at(container, "livenessProbe.httpGet.path")).isEqualTo("/healthz");
    assertThat(K8s.at(container, "livenessProbe.httpGet.port")).isEqualTo("metrics");
  }

  @Test
  void schedulingAndResourcesComeFromValues() {
    assertThat(K8s.maps(pod.get("tolerations"))).containsExactly(Map.of("operator", "Exists"));
    assertThat(K8s.cast(pod.get("nodeSelector"))).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod).containsEntry("priorityClassName", "system-node-critical");
    assertThat(K8s.at(container, "resources.limits.memory")).isEqualTo("1536Mi");
  }

  @Test
  void mountsNoServiceAccountToken() {
    assertThat(pod).containsEntry("automountServiceAccountToken", false);
  }
}
