package io.wirelake.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.wirelake.lakehouse.workload.WorkloadRef;
import io.wirelake.lakehouse.workload.WorkloadTimeline;
import io.wirelake.schemas.WorkloadEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotEventsTest {
  private static final Instant START = Instant.parse("2026-11-24T14:00:00Z");
  private static final Instant LATER = Instant.parse("2026-11-24T14:02:30Z");
  private static final long START_MICROS = WorkloadTimeline.micros(START);

  @TempDir Path dir;

  private Path copy(String resource, String name) throws IOException {
    Path target = dir.resolve(name);
    Files.createDirectories(target.getParent());
    try (InputStream in = getClass().getResourceAsStream("/snapshots/" + resource)) {
      Files.copy(in, target);
    }
    return target;
  }

  @Test
  void firstSnapshotAddsEverythingAtCaptureStartAndLaterOneAddsItsDiffAtItsTime() throws IOException {
    Path before = copy("before.json", "before.json");
    Path after = copy("after.json", "after.json");

    List<WorkloadEvent> events = SnapshotEvents.fromArguments(List.of(after + "@" + LATER, before.toString()), START_MICROS);

    assertThat(events.subList(0, 7)).allSatisfy(e -> {
      assertThat(e.getTs()).isEqualTo(START);
      assertThat(e.getAction()).isEqualTo("added");
    });
    assertThat(events.subList(0, 7)).extracting(WorkloadEvent::getKind, WorkloadEvent::getName).containsExactlyInAnyOrder(
        tuple("pod", "checkout-7d4b9c6f8-x2k9p"), tuple("pod", "db-0"), tuple("service", "checkout"),
        tuple("service", "payments"), tuple("endpoints", "checkout-abc12"), tuple("endpoints", "payments-def34"),
        tuple("node", "node-a"));
    // unchanged objects (db-0, both services, the node) give no event at the later snapshot
    assertThat(events.subList(7, events.size()))
        .extracting(e -> e.getTs(), WorkloadEvent::getAction, WorkloadEvent::getKind, WorkloadEvent::getName, WorkloadEvent::getIps)
        .containsExactly(
            tuple(LATER, "deleted", "pod", "checkout-7d4b9c6f8-x2k9p", List.of()),
            tuple(LATER, "modified", "endpoints", "checkout-abc12", List.of()),
            tuple(LATER, "modified", "endpoints", "payments-def34", List.of("10.244.1.5")),
            tuple(LATER, "added", "pod", "payments-5f6c8b9d4-h7t2m", List.of("10.244.1.5")));
    WorkloadEvent deleted = events.get(7);
    assertThat(deleted.getOwner()).isEqualTo("Deployment/checkout");
  }

  @Test
  void ipHandedToAnotherWorkloadResolvesToTheOldPodBeforeTheLaterSnapshotAndTheNewOneAfter() throws IOException {
    Path before = copy("before.json", "before.json");
    Path after = copy("after.json", "after.json");
    WorkloadTimeline timeline = new WorkloadTimeline(List.of("10.96.0.0/12"));
    timeline.addAll(SnapshotEvents.fromArguments(List.of(before.toString(), after + "@" + LATER), START_MICROS));

    WorkloadRef old = timeline.resolve("10.244.1.5", WorkloadTimeline.micros(LATER) - 1, 0);
    assertThat(old).isEqualTo(new WorkloadRef("shop", "checkout-7d4b9c6f8-x2k9p", "checkout", "checkout", "node-a", false));
    WorkloadRef fresh = timeline.resolve("10.244.1.5", WorkloadTimeline.micros(LATER), 0);
    assertThat(fresh).isEqualTo(new WorkloadRef("shop", "payments-5f6c8b9d4-h7t2m", "payments", "payments", "node-a", false));
    assertThat(timeline.resolve("10.96.0.20", START_MICROS, 0).service()).isEqualTo("payments");
    assertThat(timeline.resolve("10.0.0.11", START_MICROS, 0).node()).isEqualTo("node-a");
    assertThat(timeline.resolve("93.184.216.34", START_MICROS, 0).external()).isTrue();
  }

  @Test
  void sameSnapshotTwiceAddsNothingAtTheLaterTime() throws IOException {
    Path before = copy("before.json", "before.json");
    List<WorkloadEvent> events = SnapshotEvents.fromArguments(List.of(before.toString(), before + "@" + LATER), START_MICROS);
    assertThat(events).hasSize(7).allSatisfy(e -> assertThat(e.getTs()).isEqualTo(START));
  }

  @Test
  void typedListsWhoseItemsCarryNoKindAndSingleObjectsAreRead() throws IOException {
    Path pods = dir.resolve("pods.json");
    Files.writeString(pods, """
        {"apiVersion":"v1","kind":"PodList","metadata":{"resourceVersion":"9"},"items":[
          {"metadata":{"name":"db-0","namespace":"shop"},"status":{"phase":"Running","podIP":"10.244.1.7"}}]}
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-a"},
          "status":{"addresses":[{"type":"InternalIP","address":"10.0.0.11"}]}}
        """);
    List<WorkloadEvent> events = SnapshotEvents.fromArguments(List.of(pods.toString()), START_MICROS);
    assertThat(events).extracting(WorkloadEvent::getKind, WorkloadEvent::getName, WorkloadEvent::getIps)
        .containsExactly(tuple("node", "node-a", List.of("10.0.0.11")), tuple("pod", "db-0", List.of("10.244.1.7")));
  }

  @Test
  void replicaSetsInTheSnapshotResolvePodOwners() throws IOException {
    Path file = dir.resolve("with-rs.json");
    Files.writeString(file, """
        {"kind":"List","items":[
          {"kind":"ReplicaSet","metadata":{"name":"web-abc","namespace":"n",
            "ownerReferences":[{"kind":"Rollout","name":"web","controller":true}]}},
          {"kind":"Pod","metadata":{"name":"web-abc-1","namespace":"n","labels":{"pod-template-hash":"abc"},
            "ownerReferences":[{"kind":"ReplicaSet","name":"web-abc","controller":true}]},
           "status":{"phase":"Running","podIP":"10.244.1.9"}}]}
        """);
    assertThat(SnapshotEvents.fromArguments(List.of(file.toString()), START_MICROS))
        .singleElement().extracting(WorkloadEvent::getOwner).isEqualTo("Rollout/web");
  }

  @Test
  void argumentSplitsAtTheLastAtSignOnlyBeforeAnInstant() {
    SnapshotArgument timed = SnapshotArgument.parse("/data/run@2/snap@shot.json@2026-11-24T14:02:30Z");
    assertThat(timed.file()).isEqualTo(Path.of("/data/run@2/snap@shot.json"));
    assertThat(timed.at()).isEqualTo(LATER);

    SnapshotArgument untimed = SnapshotArgument.parse("/data/run@2/snap@shot.json");
    assertThat(untimed.file()).isEqualTo(Path.of("/data/run@2/snap@shot.json"));
    assertThat(untimed.at()).isNull();

    SnapshotArgument offset = SnapshotArgument.parse("snap.json@2026-11-24T15:02:30+01:00");
    assertThat(offset.file()).isEqualTo(Path.of("snap.json"));
    assertThat(offset.at()).isEqualTo(LATER);
  }

  @Test
  void pathsWithAtSignsAreReadWhole() throws IOException {
    Path before = copy("before.json", "run@1/before.json");
    assertThat(SnapshotEvents.fromArguments(List.of(before.toString()), START_MICROS)).hasSize(7);
  }

  @Test
  void missingFileIsReportedWithItsArgumentAndABadTimeIsExplained() {
    String arg = dir.resolve("snap.json") + "@2026-11-24 14:00";
    assertThatThrownBy(() -> SnapshotEvents.fromArguments(List.of(arg), START_MICROS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--k8s " + arg)
        .hasMessageContaining("no such file")
        .hasMessageContaining("'2026-11-24 14:00' after the last @ is not an ISO-8601 instant");
  }

  @Test
  void fileThatIsNotKubectlJsonIsReportedWithItsArgument() throws IOException {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "pods: []\n");
    assertThatThrownBy(() -> SnapshotEvents.fromArguments(List.of(bad.toString()), START_MICROS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--k8s " + bad + ": ")
        .hasMessageContaining("is not the JSON of kubectl get -o json");
  }

  @Test
  void twoSnapshotsWithoutATimeOrAtTheSameTimeAreRefused() throws IOException {
    Path before = copy("before.json", "before.json");
    Path after = copy("after.json", "after.json");
    assertThatThrownBy(() -> SnapshotEvents.fromArguments(List.of(before.toString(), after.toString()), START_MICROS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both lack @TIME");
    assertThatThrownBy(() -> SnapshotEvents.fromArguments(
        List.of(before + "@" + LATER, after + "@2026-11-24T15:02:30+01:00"), START_MICROS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("take effect at the same instant 2026-11-24T14:02:30Z");
  }

  @Test
  void noArgumentsGiveNoEvents() {
    assertThat(SnapshotEvents.fromArguments(List.of(), START_MICROS)).isEmpty();
  }
}
