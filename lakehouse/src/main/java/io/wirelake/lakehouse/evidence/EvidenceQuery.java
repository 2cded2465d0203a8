package io.wirelake.lakehouse.evidence;

import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.query.TimeWindow;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an evidence export selects: a window and optional filters (null means "any"), and
 * optionally the name of a snapshot (an Iceberg tag) to read instead of the latest state.
 *
 * <p>Address filters apply to the frames directly: {@code ip} matches either end, {@code port}
 * either end's port, {@code service} written as {@code ip:port} that one end. Context filters
 * ({@code namespace}, {@code workload}, {@code pod}, a {@code service} name, the application
 * {@code protocol}, {@code callIds}) select flows through {@code l7_transactions} (and {@code
 * l4_flows} unless call ids are given); the frames of those flows in the window are exported.
 *
 * @param callIds transaction ids; empty for "any"; kept sorted and without duplicates
 */
public record EvidenceQuery(
    TimeWindow window,
    String node,
    String namespace,
    String workload,
    String service,
    String pod,
    String ip,
    Integer port,
    String protocol,
    List<String> callIds,
    String snapshot) {

  private static final Pattern ADDRESS = Pattern.compile("\\[?([0-9A-Fa-f.:]+?)]?:(\\d{1,5})");

  public EvidenceQuery {
    Objects.requireNonNull(window, "window");
    protocol = protocol == null ? null : protocol.toLowerCase(Locale.ROOT);
    callIds = callIds == null ? List.of() : List.copyOf(new TreeSet<>(callIds));
    if (port != null && (port < 0 || port > 65535)) {
      throw new InvalidArgumentException("port", "must be between 0 and 65535, was " + port);
    }
  }

  /** Everything in the window, from the latest state. */
  public static EvidenceQuery of(TimeWindow window) {
    return new EvidenceQuery(window, null, null, null, null, null, null, null, null, List.of(), null);
  }

  /** {@code service} as a server address {@code [ip, port]}, or null if it is a service name. */
  String[] serviceAddress() {
    if (service == null) {
      return null;
    }
    Matcher m = ADDRESS.matcher(service);
    if (m.matches() && m.group(1).chars().anyMatch(c -> c == '.' || c == ':')) {
      return new String[] {m.group(1), m.group(2)};
    }
    return null;
  }

  /** True if flows must be looked up through Kubernetes context or calls. */
  boolean needsFlowLookup() {
    return namespace != null || workload != null || pod != null || protocol != null
        || !callIds.isEmpty() || (service != null && serviceAddress() == null);
  }

  /** The query as the manifest records it: set filters only, keys sorted. */
  Map<String, Object> describe() {
    Map<String, Object> q = new TreeMap<>();
    q.put("from", window.from().toString());
    q.put("to", window.to().toString());
    putIfSet(q, "node", node);
    putIfSet(q, "namespace", namespace);
    putIfSet(q, "workload", workload);
    putIfSet(q, "service", service);
    putIfSet(q, "pod", pod);
    putIfSet(q, "ip", ip);
    putIfSet(q, "port", port);
    putIfSet(q, "protocol", protocol);
    if (!callIds.isEmpty()) {
      q.put("call_ids", callIds);
    }
    putIfSet(q, "snapshot", snapshot);
    return q;
  }

  private static void putIfSet(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
