package io.wirelake.lakehouse.workload;

import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.query.TimeWindow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * What a workload or address listing asks about: a window, or one instant, and optional filters (null means
 * any). Names match exactly; {@code workload} matches the workload's name ({@code checkout}) or its
 * {@code Kind/name} ({@code Deployment/checkout}); {@code kind} is compared case-insensitively.
 *
 * @param window the window; for an instant, the one microsecond starting at it
 * @param instant true when the question is about the moment {@code window.from()}
 * @param ip an IP address literal (IPv4 dotted quad or IPv6), checked on construction
 */
public record WorkloadSelection(TimeWindow window, boolean instant, String ip, String namespace, String workload,
    String pod, String service, String kind) {

  public WorkloadSelection {
    Objects.requireNonNull(window, "window");
    if (ip != null) {
      ip = IpLiterals.check(ip, "ip");
    }
    kind = kind == null ? null : kind.toLowerCase(Locale.ROOT);
  }

  /** Everything in a window. */
  public static WorkloadSelection of(TimeWindow window) {
    return new WorkloadSelection(window, false, null, null, null, null, null, null);
  }

  /** Everything at one instant. */
  public static WorkloadSelection at(Instant at) {
    return new WorkloadSelection(new TimeWindow(at, at.plus(1, ChronoUnit.MICROS)), true, null, null, null, null,
        null, null);
  }

  public WorkloadSelection withIp(String value) {
    return new WorkloadSelection(window, instant, value, namespace, workload, pod, service, kind);
  }

  public WorkloadSelection withNamespace(String value) {
    return new WorkloadSelection(window, instant, ip, value, workload, pod, service, kind);
  }

  public WorkloadSelection withWorkload(String value) {
    return new WorkloadSelection(window, instant, ip, namespace, value, pod, service, kind);
  }

  public WorkloadSelection withPod(String value) {
    return new WorkloadSelection(window, instant, ip, namespace, workload, value, service, kind);
  }

  public WorkloadSelection withService(String value) {
    return new WorkloadSelection(window, instant, ip, namespace, workload, pod, value, kind);
  }

  public WorkloadSelection withKind(String value) {
    return new WorkloadSelection(window, instant, ip, namespace, workload, pod, service, value);
  }

  /** True if any filter besides the window is set. */
  public boolean filtered() {
    return ip != null || namespace != null || workload != null || pod != null || service != null || kind != null;
  }

  boolean workloadMatches(String ownerKind, String name) {
    return workload == null || workload.equals(name) || (ownerKind != null && workload.equals(ownerKind + "/" + name));
  }

  /** Thrown for a cursor of another listing or a changed question. */
  static InvalidArgumentException badCursor() {
    return new InvalidArgumentException("cursor",
        "is not a cursor returned by a previous page (pass next_cursor unchanged, or omit it for the first page)");
  }
}
