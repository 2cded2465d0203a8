package io.wirelake.cli.capture;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1DaemonSetStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.util.PatchUtils;
import io.wirelake.mcp.CaptureControl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Capture control in a cluster: acts on the sniffer DaemonSet through the Kubernetes API, never deleting it.
 * Stopping everywhere adds the node selector {@value #OFF_KEY}{@code : "off"} to its pod template (no node carries
 * that label, so its pods go away); stopping one node adds the node to a {@code metadata.name NotIn} node-affinity
 * field expression; starting removes them. Both are JSON merge patches of the DaemonSet, which is all the chart's
 * Role grants besides reading it and listing pods (for per-node status). Status comes from the DaemonSet's status
 * and, per sniffer pod, from its {@code /metrics} endpoint when that answers.
 */
public final class DaemonSetCaptureControl implements CaptureControl {
  /** The pod template node selector key that switches capture off everywhere. */
  public static final String OFF_KEY = "wirelake.io/capture";
  private static final String OFF_VALUE = "off";
  private static final String FIELD = "metadata.name";
  private static final int DEFAULT_METRICS_PORT = 9464;

  private final ApiClient client;
  private final AppsV1Api apps;
  private final CoreV1Api core;
  private final String namespace;
  private final String name;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Gson gson = new Gson();

  public DaemonSetCaptureControl(ApiClient client, String namespace, String name) {
    this.client = client;
    this.apps = new AppsV1Api(client);
    this.core = new CoreV1Api(client);
    this.namespace = namespace;
    this.name = name;
  }

  @Override
  public String scope() {
    return "DaemonSet " + namespace + "/" + name;
  }

  @Override
  public List<NodeStatus> status() {
    Map<String, Object> ds = read();
    boolean off = switchedOff(ds);
    TreeSet<String> excluded = excluded(ds);
    List<NodeStatus> rows = new ArrayList<>();
    List<V1Pod> pods = pods(ds);
    if (pods == null) {
      V1DaemonSetStatus st = ds.get("status") == null ? null
          : io.kubernetes.client.openapi.JSON.deserialize(gson.toJson(ds.get("status")), V1DaemonSetStatus.class);
      int ready = st == null || st.getNumberReady() == null ? 0 : st.getNumberReady();
      int desired = st == null || st.getDesiredNumberScheduled() == null ? 0 : st.getDesiredNumberScheduled();
      rows.add(new NodeStatus("*", !off && ready > 0, null, null, null, null, null, null,
          (off ? "switched off on every node; " : "") + ready + " of " + desired + " sniffers ready"
              + " (per-node counts need permission to list pods)"));
    } else {
      int metricsPort = metricsPort(ds);
      for (V1Pod pod : pods) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        boolean ready = ready(pod);
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        Map<String, Double> m = ip == null ? null : metrics(ip, metricsPort);
        String detail = "pod " + pod.getMetadata().getName() + (ready ? "" : " (not ready)")
            + (m == null ? "; metrics at " + ip + ":" + metricsPort + " did not answer" : "");
        rows.add(new NodeStatus(node, ready && !off && !excluded.contains(node),
            count(m, "wirelake_sniffer_captured_frames_total"), count(m, "wirelake_sniffer_kernel_drops_total"),
            count(m, "wirelake_sniffer_interface_drops_total"), count(m, "wirelake_sniffer_queue_drops_total"),
            count(m, "wirelake_sniffer_produce_errors_total"), lag(m), detail));
      }
      for (String node : excluded) {
        if (rows.stream().noneMatch(r -> node.equals(r.node()))) {
          rows.add(new NodeStatus(node, false, null, null, null, null, null, null, "stopped by stop_capture"));
        }
      }
      if (rows.isEmpty()) {
        rows.add(new NodeStatus("*", false, null, null, null, null, null, null,
            off ? "switched off on every node (node selector " + OFF_KEY + "=off)" : "no sniffer pods"));
      }
    }
    return rows;
  }

  @Override
  public Outcome start(String node) {
    Map<String, Object> ds = read();
    boolean off = switchedOff(ds);
    TreeSet<String> excluded = excluded(ds);
    if (node == null) {
      if (!off && excluded.isEmpty()) {
        return new Outcome(false, "capture already runs on every node of " + scope());
      }
      Map<String, Object> spec = new LinkedHashMap<>();
      if (off) {
        spec.put("nodeSelector", nullValued(OFF_KEY));
      }
      if (!excluded.isEmpty()) {
        spec.put("affinity", affinity(ds, new TreeSet<>()));
      }
      patch(spec);
      return new Outcome(true, "capture started on every node of " + scope());
    }
    if (off) {
      throw new IllegalStateException("capture is switched off on every node of " + scope()
          + "; start it everywhere (omit node), then stop the nodes that should not capture");
    }
    if (!excluded.contains(node)) {
      knownNode(ds, node);
      return new Outcome(false, "capture already runs on " + node);
    }
    excluded.remove(node);
    patch(Map.of("affinity", affinity(ds, excluded)));
    return new Outcome(true, "capture started on " + node + " (" + scope() + ")");
  }

  @Override
  public Outcome stop(String node) {
    Map<String, Object> ds = read();
    boolean off = switchedOff(ds);
    if (node == null) {
      if (off) {
        return new Outcome(false, "capture is already off on every node of " + scope());
      }
      patch(Map.of("nodeSelector", Map.of(OFF_KEY, OFF_VALUE)));
      return new Outcome(true, "capture stopped on every node of " + scope() + " (node selector " + OFF_KEY
          + "=off; the DaemonSet stays)");
    }
    TreeSet<String> excluded = excluded(ds);
    if (off || excluded.contains(node)) {
      return new Outcome(false, "capture is already off on " + node);
    }
    knownNode(ds, node);
    excluded.add(node);
    patch(Map.of("affinity", affinity(ds, excluded)));
    return new Outcome(true, "capture stopped on " + node + " (" + scope() + ")");
  }

  private void knownNode(Map<String, Object> ds, String node) {
    List<V1Pod> pods = pods(ds);
    if (pods == null) {
      return; // cannot tell; the node affinity simply names it
    }
    TreeSet<String> nodes = pods.stream().map(p -> p.getSpec() == null ? null : p.getSpec().getNodeName())
        .filter(Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
    if (!nodes.contains(node)) {
      throw new UnknownNodeException("no sniffer of " + scope() + " runs on node '" + node + "'; nodes: "
          + (nodes.isEmpty() ? "none" : String.join(", ", nodes)));
    }
  }

  // ---- reading ----

  private Map<String, Object> read() {
    try {
      V1DaemonSet ds = apps.readNamespacedDaemonSet(name, namespace).execute();
      return gson.fromJson(io.kubernetes.client.openapi.JSON.serialize(ds), new TypeToken<Map<String, Object>>() {}.getType());
    } catch (ApiException e) {
      throw new IllegalStateException("cannot read " + scope() + ": " + describe(e), e);
    }
  }

  /** The sniffer pods, or null when this service account may not list pods. */
  private List<V1Pod> pods(Map<String, Object> ds) {
    Map<String, Object> labels = map(map(map(ds, "spec"), "selector"), "matchLabels");
    String selector = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
    try {
      return core.listNamespacedPod(namespace).labelSelector(selector).execute().getItems();
    } catch (ApiException e) {
      if (e.getCode() == 403 || e.getCode() == 401) {
        return null;
      }
      throw new IllegalStateException("cannot list the pods of " + scope() + ": " + describe(e), e);
    }
  }

  private static boolean ready(V1Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    for (V1PodCondition c : pod.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }

  private int metricsPort(Map<String, Object> ds) {
    V1DaemonSet typed = io.kubernetes.client.openapi.JSON.deserialize(gson.toJson(ds), V1DaemonSet.class);
    if (typed.getSpec() == null || typed.getSpec().getTemplate().getSpec() == null) {
      return DEFAULT_METRICS_PORT;
    }
    for (V1Container c : typed.getSpec().getTemplate().getSpec().getContainers()) {
      if (c.getPorts() != null) {
        for (V1ContainerPort p : c.getPorts()) {
          if ("metrics".equals(p.getName())) {
            return p.getContainerPort();
          }
        }
      }
    }
    return DEFAULT_METRICS_PORT;
  }

  /** The sniffer's Prometheus counters by name, or null when its endpoint does not answer. */
  Map<String, Double> metrics(String ip, int port) {
    String host = ip.contains(":") ? "[" + ip + "]" : ip;
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/metrics"))
          .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return null;
      }
      Map<String, Double> m = new LinkedHashMap<>();
      for (String line : r.body().split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        if (space <= 0) {
          continue;
        }
        String metric = line.substring(0, brace > 0 ? brace : line.indexOf(' '));
        try {
          m.merge(metric, Double.parseDouble(line.substring(space + 1)), Double::sum);
        } catch (NumberFormatException ignored) {
          // not a sample line
        }
      }
      return m;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static Long count(Map<String, Double> m, String metric) {
    if (m == null || !m.containsKey(metric)) {
      return null;
    }
    return m.get(metric).longValue();
  }

  private static Long lag(Map<String, Double> m) {
    Long captured = count(m, "wirelake_sniffer_captured_frames_total");
    if (captured == null) {
      return null;
    }
    long done = 0;
    for (String k : List.of("wirelake_sniffer_produced_segments_total", "wirelake_sniffer_produce_errors_total",
        "wirelake_sniffer_decode_skips_total", "wirelake_sniffer_queue_drops_total")) {
      Long v = count(m, k);
      done += v == null ? 0 : v;
    }
    return captured - done;
  }

  private static boolean switchedOff(Map<String, Object> ds) {
    return OFF_VALUE.equals(map(podSpec(ds), "nodeSelector").get(OFF_KEY));
  }

  /** The nodes stop_capture named: the values of the {@code metadata.name NotIn} field expression. */
  @SuppressWarnings("unchecked")
  private static TreeSet<String> excluded(Map<String, Object> ds) {
    TreeSet<String> nodes = new TreeSet<>();
    for (Map<String, Object> term : terms(ds)) {
      for (Object e : list(term.get("matchFields"))) {
        Map<String, Object> expr = (Map<String, Object>) e;
        if (FIELD.equals(expr.get("key")) && "NotIn".equals(expr.get("operator"))) {
          for (Object v : list(expr.get("values"))) {
            nodes.add(String.valueOf(v));
          }
        }
      }
    }
    return nodes;
  }

  // ---- writing ----

  /**
   * The pod template's affinity with the exclusion set to {@code excluded}: every node selector term (ORed) gets
   * the same {@code metadata.name NotIn} field expression, other expressions kept; a term that held only ours goes.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> affinity(Map<String, Object> ds, TreeSet<String> excluded) {
    List<Map<String, Object>> terms = terms(ds);
    if (terms.isEmpty()) {
      terms = List.of(new LinkedHashMap<>());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> term : terms) {
      Map<String, Object> t = new LinkedHashMap<>(term);
      List<Object> fields = new ArrayList<>();
      for (Object e : list(t.get("matchFields"))) {
        Map<String, Object> expr = (Map<String, Object>) e;
        if (!(FIELD.equals(expr.get("key")) && "NotIn".equals(expr.get("operator")))) {
          fields.add(expr);
        }
      }
      if (!excluded.isEmpty()) {
        Map<String, Object> ours = new LinkedHashMap<>();
        ours.put("key", FIELD);
        ours.put("operator", "NotIn");
        ours.put("values", new ArrayList<>(excluded));
        fields.add(ours);
      }
      if (fields.isEmpty()) {
        t.remove("matchFields");
      } else {
        t.put("matchFields", fields);
      }
      t.values().removeIf(v -> v == null || (v instanceof List<?> l && l.isEmpty()));
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    Map<String, Object> required = new LinkedHashMap<>();
    required.put("requiredDuringSchedulingIgnoredDuringExecution", out.isEmpty() ? null : Map.of("nodeSelectorTerms", out));
    return Map.of("nodeAffinity", required);
  }

  private void patch(Map<String, Object> podSpec) {
    Map<String, Object> body = Map.of("spec", Map.of("template", Map.of("spec", podSpec)));
    String json = new com.google.gson.GsonBuilder().serializeNulls().create().toJson(body);
    try {
      PatchUtils.patch(V1DaemonSet.class,
          () -> apps.patchNamespacedDaemonSet(name, namespace, new V1Patch(json)).buildCall(null),
          V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    } catch (ApiException e) {
      throw new IllegalStateException("cannot patch " + scope() + ": " + describe(e), e);
    }
  }

  private static Map<String, Object> nullValued(String key) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key, null);
    return m;
  }

  // ---- JSON helpers ----

  private static Map<String, Object> podSpec(Map<String, Object> ds) {
    return map(map(map(ds, "spec"), "template"), "spec");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> terms(Map<String, Object> ds) {
    Map<String, Object> required = map(map(map(podSpec(ds), "affinity"), "nodeAffinity"),
        "requiredDuringSchedulingIgnoredDuringExecution");
    List<Map<String, Object>> terms = new ArrayList<>();
    for (Object t : list(required.get("nodeSelectorTerms"))) {
      terms.add((Map<String, Object>) t);
    }
    return terms;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String key) {
    Object v = m == null ? null : m.get(key);
    return v instanceof Map<?, ?> ? (Map<String, Object>) v : Map.of();
  }

  private static List<?> list(Object v) {
    return v instanceof List<?> l ? l : List.of();
  }

  private static String describe(ApiException e) {
    if (e.getCode() == 403) {
      return "forbidden (the service account needs get and patch on this DaemonSet: see the chart's"
          + " capture-control Role)";
    }
    if (e.getCode() == 404) {
      return "not found (check --sniffer-daemonset and --namespace)";
    }
    return e.getCode() == 0 ? String.valueOf(e.getMessage()) : "HTTP " + e.getCode() + " " + e.getResponseBody();
  }
}
