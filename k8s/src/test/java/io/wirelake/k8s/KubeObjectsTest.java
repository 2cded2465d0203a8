package io.wirelake.k8s;

import static io.wirelake.k8s.Fixtures.json;
import static io.wirelake.k8s.Fixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wirelake.schemas.WorkloadEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeObjectsTest {
  private static final Instant T = Instant.parse("2026-11-24T14:00:00Z");

  @Test
  void podOfAKnownReplicaSetBelongsToTheReplicaSetsDeployment() {
    String workload = KubeObjects.replicaSetWorkload(json("objects/replicaset.json"));
    assertThat(workload).isEqualTo("Deployment/checkout");

    WorkloadEvent e = KubeObjects.toEvent("Pod", json("objects/pod-replicaset.json"), "added", T,
        Map.of("shop/checkout-7d4b9c6f8", workload)).orElseThrow();

    assertThat(e.getTs()).isEqualTo(T);
    assertThat(e.getKind()).isEqualTo("pod");
    assertThat(e.getAction()).isEqualTo("added");
    assertThat(e.getNamespace()).isEqualTo("shop");
    assertThat(e.getName()).isEqualTo("checkout-7d4b9c6f8-x2k9p");
    assertThat(e.getIps()).containsExactly("10.244.1.5", "fd00::5");
    assertThat(e.getNode()).isEqualTo("node-a");
    assertThat(e.getLabels()).containsEntry("app", "checkout").containsEntry("pod-template-hash", "7d4b9c6f8");
    assertThat(e.getOwner()).isEqualTo("Deployment/checkout");
    assertThat(e.getCidrs()).isEmpty();
    assertThat(e.getPorts()).isEmpty();
  }

  @Test
  void knownReplicaSetOwnerWinsOverTheNameRule() {
    WorkloadEvent e = KubeObjects.toEvent("Pod", json("objects/pod-replicaset.json"), "added", T,
        Map.of("shop/checkout-7d4b9c6f8", "Rollout/checkout-canary")).orElseThrow();
    assertThat(e.getOwner()).isEqualTo("Rollout/checkout-canary");
  }

  @Test
  void podOfAnUnknownReplicaSetLosesThePodTemplateHashSuffix() {
    WorkloadEvent e = KubeObjects.toEvent(json("objects/pod-replicaset.json"), "added", T).orElseThrow();
    assertThat(e.getOwner()).isEqualTo("Deployment/checkout");
  }

  @Test
  void unknownReplicaSetWithoutPodTemplateHashStaysAReplicaSet() {
    ObjectNode pod = json("objects/pod-replicaset.json");
    ((ObjectNode) pod.path("metadata").path("labels")).remove("pod-template-hash");
    WorkloadEvent e = KubeObjects.toEvent(pod, "added", T).orElseThrow();
    assertThat(e.getOwner()).isEqualTo("ReplicaSet/checkout-7d4b9c6f8");
  }

  @Test
  void statefulSetPodIsOwnedByTheStatefulSetDirectly() {
    WorkloadEvent e = KubeObjects.toEvent(json("objects/pod-statefulset.json"), "added", T).orElseThrow();
    assertThat(e.getOwner()).isEqualTo("StatefulSet/db");
    assertThat(e.getIps()).containsExactly("10.244.2.7");
    assertThat(e.getNode()).isEqualTo("node-b");
  }

  @Test
  void jobPodIsOwnedByItsJobAndStaticPodByNothing() {
    ObjectNode job = parse("""
        {"kind":"Pod","metadata":{"name":"report-29000-q8","namespace":"batch",
          "ownerReferences":[{"kind":"Job","name":"report-29000","controller":true}]},
         "status":{"phase":"Running","podIP":"10.244.1.40"}}""");
    ObjectNode mirror = parse("""
        {"kind":"Pod","metadata":{"name":"kube-apiserver-node-a","namespace":"kube-system",
          "ownerReferences":[{"kind":"Node","name":"node-a","controller":true}]},
         "spec":{"nodeName":"node-a"},"status":{"phase":"Running","podIP":"10.244.1.41"}}""");
    assertThat(KubeObjects.toEvent(job, "added", T).orElseThrow().getOwner()).isEqualTo("Job/report-29000");
    assertThat(KubeObjects.toEvent(mirror, "added", T).orElseThrow().getOwner()).isNull();
  }

  @Test
  void finishedPodsHoldNoAddress() {
    for (String phase : List.of("Succeeded", "Failed")) {
      ObjectNode pod = json("objects/pod-statefulset.json");
      ((ObjectNode) pod.path("status")).put("phase", phase);
      assertThat(KubeObjects.toEvent(pod, "modified", T).orElseThrow().getIps()).as(phase).isEmpty();
    }
  }

  @Test
  void hostNetworkPodLeavesItsNodeAddressToTheNode() {
    ObjectNode pod = json("objects/pod-statefulset.json");
    ((ObjectNode) pod.path("spec")).put("hostNetwork", true);
    ((ObjectNode) pod.path("status")).put("podIP", "10.0.0.12");
    WorkloadEvent e = KubeObjects.toEvent(pod, "added", T).orElseThrow();
    assertThat(e.getIps()).isEmpty();
    assertThat(e.getNode()).isEqualTo("node-b");
  }

  @Test
  void serviceHoldsItsClusterIpsAndPorts() {
    WorkloadEvent e = KubeObjects.toEvent(json("objects/service.json"), "added", T).orElseThrow();
    assertThat(e.getKind()).isEqualTo("service");
    assertThat(e.getNamespace()).isEqualTo("shop");
    assertThat(e.getName()).isEqualTo("checkout");
    assertThat(e.getIps()).containsExactly("10.96.0.10", "fd00:10:96::a");
    assertThat(e.getPorts()).containsExactly(80, 443);
    assertThat(e.getOwner()).isNull();
  }

  @Test
  void headlessServiceHoldsNoAddress() {
    ObjectNode svc = json("objects/service.json");
    ((ObjectNode) svc.path("spec")).put("clusterIP", "None").putArray("clusterIPs").add("None");
    assertThat(KubeObjects.toEvent(svc, "added", T).orElseThrow().getIps()).isEmpty();
  }

  @Test
  void endpointSliceHoldsReadyAndUnknownEndpointsAndNamesItsService() {
    WorkloadEvent e = KubeObjects.toEvent(json("objects/endpointslice.json"), "added", T).orElseThrow();
    assertThat(e.getKind()).isEqualTo("endpoints");
    assertThat(e.getName()).isEqualTo("checkout-abc12");
    assertThat(e.getIps()).containsExactly("10.244.1.5", "10.244.2.9");
    assertThat(e.getOwner()).isEqualTo("Service/checkout");
    assertThat(e.getPorts()).containsExactly(8080);
  }

  @Test
  void nodeHoldsInternalAndExternalAddressesAndPodCidrs() {
    WorkloadEvent e = KubeObjects.toEvent(json("objects/node.json"), "added", T).orElseThrow();
    assertThat(e.getKind()).isEqualTo("node");
    assertThat(e.getNamespace()).isNull();
    assertThat(e.getName()).isEqualTo("node-a");
    assertThat(e.getIps()).containsExactly("10.0.0.11", "203.0.113.11");
    assertThat(e.getCidrs()).containsExactly("10.244.1.0/24", "fd00:244:1::/64");
    assertThat(e.getLabels()).containsEntry("topology.kubernetes.io/zone", "eu-1a");
  }

  @Test
  void nodeWithOnlyTheOldSinglePodCidrField() {
    ObjectNode node = json("objects/node.json");
    ((ObjectNode) node.path("spec")).remove("podCIDRs");
    assertThat(KubeObjects.toEvent(node, "added", T).orElseThrow().getCidrs()).containsExactly("10.244.1.0/24");
  }

  @Test
  void deletionCarriesTheLastStateWithoutAddresses() {
    WorkloadEvent e = KubeObjects.toEvent(json("objects/pod-statefulset.json"), "deleted", T).orElseThrow();
    assertThat(e.getAction()).isEqualTo("deleted");
    assertThat(e.getIps()).isEmpty();
    assertThat(e.getOwner()).isEqualTo("StatefulSet/db");
  }

  @Test
  void otherKindsGiveNoEvent() {
    assertThat(KubeObjects.toEvent(parse("{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\",\"namespace\":\"y\"}}"),
        "added", T)).isEmpty();
    assertThat(KubeObjects.toEvent(json("objects/replicaset.json"), "added", T)).isEmpty();
  }

  @Test
  void addressesAreWrittenInRfc5952AndHostNamesAreNeverResolved() {
    assertThat(KubeObjects.normalizeIp("FD00:0:0:0:0:0:0:1")).isEqualTo("fd00::1");
    assertThat(KubeObjects.normalizeIp("fe80::1%eth0")).isEqualTo("fe80::1");
    assertThat(KubeObjects.normalizeIp("10.1.2.3")).isEqualTo("10.1.2.3");
    assertThat(KubeObjects.normalizeIp("checkout.shop.svc")).isNull();
    assertThat(KubeObjects.normalizeIp("None")).isNull();
  }
}
