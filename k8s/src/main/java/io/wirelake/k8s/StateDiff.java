package io.wirelake.k8s;

import io.wirelake.schemas.WorkloadEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The events that turn one known set of objects into another: what a later snapshot or a watcher's re-list
 * means as changes. Deletions come first, then modifications, then additions (each by key), so an address
 * handed from a vanished object to a new one at the same instant is released before it is claimed.
 */
final class StateDiff {
  private StateDiff() {}

  /** Events at {@code ts} from {@code before} to {@code after}, both keyed by {@link ObjectState#key()}. */
  static List<WorkloadEvent> diff(Map<String, ObjectState> before, Map<String, ObjectState> after, Instant ts) {
    List<WorkloadEvent> deleted = new ArrayList<>();
    List<WorkloadEvent> modified = new ArrayList<>();
    List<WorkloadEvent> added = new ArrayList<>();
    for (Map.Entry<String, ObjectState> e : new TreeMap<>(before).entrySet()) {
      if (!after.containsKey(e.getKey())) {
        deleted.add(e.getValue().toEvent(ObjectState.DELETED, ts));
      }
    }
    for (Map.Entry<String, ObjectState> e : new TreeMap<>(after).entrySet()) {
      ObjectState old = before.get(e.getKey());
      if (old == null) {
        added.add(e.getValue().toEvent(ObjectState.ADDED, ts));
      } else if (!old.equals(e.getValue())) {
        modified.add(e.getValue().toEvent(ObjectState.MODIFIED, ts));
      }
    }
    List<WorkloadEvent> out = new ArrayList<>(deleted.size() + modified.size() + added.size());
    out.addAll(deleted);
    out.addAll(modified);
    out.addAll(added);
    return out;
  }
}
