package io.wirelake.k8s;

import io.wirelake.schemas.WorkloadEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Workload events from {@code --k8s FILE[@TIME]} snapshots, for captures taken without a cluster at hand: the
 * snapshot without a time is valid from the start of the capture, each {@code FILE@TIME} takes effect at TIME.
 * The earliest snapshot adds every object it holds; each later one yields its difference from the one before
 * (added, modified when the event content differs, deleted), so an IP that passes from a deleted pod to another
 * workload's pod changes hands at the later snapshot's time.
 */
public final class SnapshotEvents {
  private SnapshotEvents() {}

  /**
   * The events of the {@code --k8s} arguments, oldest first.
   *
   * @param args {@code FILE} or {@code FILE@TIME} each, in any order; at most one without a time
   * @param captureStartMicros when the capture starts (microseconds since the epoch): the time of the snapshot
   *     without {@code @TIME}
   * @throws IllegalArgumentException naming the argument, for a missing or unreadable file, two snapshots
   *     without a time, or two taking effect at the same instant
   */
  public static List<WorkloadEvent> fromArguments(List<String> args, long captureStartMicros) {
    if (args == null || args.isEmpty()) {
      return List.of();
    }
    Instant start = Instant.EPOCH.plus(captureStartMicros, ChronoUnit.MICROS);
    List<SnapshotArgument> parsed = new ArrayList<>();
    SnapshotArgument untimed = null;
    for (String a : args) {
      SnapshotArgument p = SnapshotArgument.parse(a);
      if (p.at() == null) {
        if (untimed != null) {
          throw new IllegalArgumentException("--k8s " + untimed.argument() + " and --k8s " + a
              + " both lack @TIME; only the first snapshot (valid from the start of the capture) may omit it");
        }
        untimed = p;
      }
      parsed.add(p);
    }
    parsed.sort(Comparator.comparing(p -> effective(p, start)));
    List<KubeSnapshot> snapshots = new ArrayList<>();
    for (int i = 0; i < parsed.size(); i++) {
      SnapshotArgument p = parsed.get(i);
      Instant at = effective(p, start);
      if (i > 0 && effective(parsed.get(i - 1), start).equals(at)) {
        throw new IllegalArgumentException("--k8s " + parsed.get(i - 1).argument() + " and --k8s " + p.argument()
            + " take effect at the same instant " + at + "; give each snapshot its own time");
      }
      snapshots.add(KubeSnapshot.read(p, at));
    }
    return events(snapshots);
  }

  /** The events of a series of snapshots ordered by time: all added at the first, then the diffs. */
  static List<WorkloadEvent> events(List<KubeSnapshot> series) {
    List<WorkloadEvent> out = new ArrayList<>();
    Map<String, ObjectState> before = Map.of();
    for (KubeSnapshot s : series) {
      out.addAll(StateDiff.diff(before, s.objects(), s.at()));
      before = s.objects();
    }
    return out;
  }

  private static Instant effective(SnapshotArgument p, Instant start) {
    return (p.at() == null ? start : p.at()).truncatedTo(ChronoUnit.MICROS);
  }
}
