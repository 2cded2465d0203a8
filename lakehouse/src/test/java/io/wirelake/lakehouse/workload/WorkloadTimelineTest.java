package io.wirelake.lakehouse.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.schemas.WorkloadEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadTimelineTest {
  private static final long S = 1_000_000L;

  static WorkloadEvent event(long ts, String kind, String action, String ns, String name, List<String> ips,
      String node, String owner) {
    return WorkloadEvent.newBuilder().setTs(Instant.ofEpochSecond(0, ts * 1000)).setKind(kind).setAction(action).setNamespace(ns).setName(name)
        .setIps(ips).setNode(node).setLabels(Map.of()).setOwner(owner).build();
  }

  private static WorkloadTimeline reusedAddress() {
    WorkloadTimeline t = new WorkloadTimeline(List.of("10.244.0.0/16"));
    t.add(event(0, "pod", "added", "shop", "payments-7d9f-abcde", List.of("10.244.1.5"), "node-a",
        "Deployment/payments"));
    t.add(event(0, "endpoints", "added", "shop", "payments-x1", List.of("10.244.1.5"), null, "Service/payments"));
    t.add(event(0, "service", "added", "shop", "payments", List.of("10.96.0.10"), null, null));
    t.add(event(0, "node", "added", null, "node-a", List.of("192.168.49.2"), null, null));
    t.add(event(100 * S, "pod", "deleted", "shop", "payments-7d9f-abcde", List.of(), "node-a",
        "Deployment/payments"));
    t.add(event(100 * S, "endpoints", "modified", "shop", "payments-x1", List.of(), null, "Service/payments"));
    t.add(event(130 * S, "pod", "added", "batch", "report-0", List.of("10.244.1.5"), "node-a",
        "StatefulSet/report"));
    return t;
  }

  @Test
  void resolvesAReusedPodAddressToWhoeverHeldItAtTheTime() {
    WorkloadTimeline t = reusedAddress();
    assertThat(t.resolve("10.244.1.5", 50 * S, 0))
        .isEqualTo(new WorkloadRef("shop", "payments-7d9f-abcde", "payments", "payments", "node-a", false));
    assertThat(t.resolve("10.244.1.5", 140 * S, 0))
        .isEqualTo(new WorkloadRef("batch", "report-0", "report", null, "node-a", false));
  }

  @Test
  void anAddressNobodyHoldsInsideTheClusterIsUnclaimedNotExternal() {
    assertThat(reusedAddress().resolve("10.244.1.5", 110 * S, 0)).isEqualTo(WorkloadRef.UNCLAIMED);
  }

  @Test
  void aLateEventStillClaimsTrafficWithinTheLateness() {
    WorkloadTimeline t = reusedAddress();
    assertThat(t.resolve("10.244.1.5", 125 * S, 10 * S).workload()).isEqualTo("report");
    assertThat(t.resolve("10.244.1.5", 115 * S, 10 * S)).isEqualTo(WorkloadRef.UNCLAIMED);
  }

  @Test
  void resolvesServiceClusterIpsAndNodeAddresses() {
    WorkloadTimeline t = reusedAddress();
    assertThat(t.resolve("10.96.0.10", 10 * S, 0))
        .isEqualTo(new WorkloadRef("shop", null, null, "payments", null, false));
    assertThat(t.resolve("192.168.49.2", 10 * S, 0)).isEqualTo(new WorkloadRef(null, null, null, null, "node-a", false));
  }

  @Test
  void addressesOutsideConfiguredAndLearnedRangesAreExternal() {
    WorkloadTimeline t = reusedAddress();
    assertThat(t.resolve("93.184.216.34", 10 * S, 0)).isEqualTo(WorkloadRef.EXTERNAL);
    // learned from the service's cluster IP: its /16
    assertThat(t.resolve("10.96.3.3", 10 * S, 0)).isEqualTo(WorkloadRef.UNCLAIMED);
    assertThat(new WorkloadTimeline(List.of()).resolve("93.184.216.34", 0, 0)).isEqualTo(WorkloadRef.UNKNOWN);
  }

  @Test
  void orderOfArrivalDoesNotChangeTheAnswer() {
    WorkloadTimeline t = new WorkloadTimeline(List.of());
    t.add(event(130 * S, "pod", "added", "batch", "report-0", List.of("10.244.1.5"), "node-a", "StatefulSet/report"));
    t.add(event(100 * S, "pod", "deleted", "shop", "p", List.of(), "node-a", "Deployment/payments"));
    t.add(event(0, "pod", "added", "shop", "p", List.of("10.244.1.5"), "node-a", "Deployment/payments"));
    assertThat(t.resolve("10.244.1.5", 50 * S, 0).workload()).isEqualTo("payments");
    assertThat(t.resolve("10.244.1.5", 150 * S, 0).workload()).isEqualTo("report");
  }

  @Test
  void listsHoldingsOfAnAddressOverAWindow() {
    List<WorkloadTimeline.Holding> h = reusedAddress().holdings("10.244.1.5", 0, 200 * S);
    assertThat(h).extracting(x -> x.event().getKind() + ":" + x.event().getName() + "@" + x.startMicros() / S
            + "-" + (x.endMicros() == null ? "now" : x.endMicros() / S))
        .containsExactly("pod:payments-7d9f-abcde@0-100", "endpoints:payments-x1@0-100", "pod:report-0@130-now");
  }

  @Test
  void matchesIpv6WrittenDifferently() {
    WorkloadTimeline t = new WorkloadTimeline(List.of());
    t.add(event(0, "pod", "added", "ns", "v6", List.of("FD00:0:0:0:0:0:0:5"), "n", "Deployment/v6"));
    assertThat(t.resolve("fd00::5", 1, 0).pod()).isEqualTo("v6");
  }
}
