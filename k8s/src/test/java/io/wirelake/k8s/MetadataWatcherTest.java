package io.wirelake.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.ApiClient;
import io.wirelake.lakehouse.workload.WorkloadRef;
import io.wirelake.lakehouse.workload.WorkloadTimeline;
import io.wirelake.schemas.WorkloadEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher against a local server speaking the Kubernetes API: recorded lists, watch streams with a pod
 * deleted and its IP reused by another workload's pod, a 410 Gone as a watch ERROR event and as an HTTP status,
 * each forcing a re-list whose difference comes out as events; then resolution as of several times.
 */
class MetadataWatcherTest {
  private static final String RS = "/apis/apps/v1/replicasets";
  private static final String PODS = "/api/v1/pods";
  private static final String SERVICES = "/api/v1/services";
  private static final String SLICES = "/apis/discovery.k8s.io/v1/endpointslices";
  private static final String NODES = "/api/v1/nodes";

  private static final Instant T0 = Instant.parse("2026-11-24T14:00:00Z"); // initial lists
  private static final Instant T1 = Instant.parse("2026-11-24T14:05:00Z"); // checkout pod deleted
  private static final Instant T2 = Instant.parse("2026-11-24T14:06:00Z"); // payments pod scheduled, no IP yet
  private static final Instant T3 = Instant.parse("2026-11-24T14:07:00.123456Z"); // ... running with the old IP
  private static final Instant T4 = Instant.parse("2026-11-24T14:10:00Z"); // pods watch: ERROR 410
  private static final Instant T5 = Instant.parse("2026-11-24T14:12:00Z"); // services watch: HTTP 410

  private final MutableClock clock = new MutableClock(T0);
  private final BlockingQueue<WorkloadEvent> events = new LinkedBlockingQueue<>();
  private final List<WorkloadEvent> all = new ArrayList<>();
  private FakeApiServer api;
  private MetadataWatcher watcher;

  @BeforeEach
  void startServer() throws Exception {
    api = new FakeApiServer();
    api.list(RS, list("ReplicaSetList", "50",
        replicaSet("checkout-7d4b9c6f8", "checkout"), replicaSet("payments-5f6c8b9d4", "payments")));
    api.list(PODS, list("PodList", "100",
        pod("checkout-7d4b9c6f8-x2k9p", "ReplicaSet", "checkout-7d4b9c6f8", "10.244.1.5", "90"),
        pod("db-0", "StatefulSet", "db", "10.244.1.7", "91"),
        pod("report-29000-q8", "Job", "report-29000", "10.244.1.9", "92")));
    api.list(SERVICES, list("ServiceList", "100",
        service("checkout", "10.96.0.10"), service("payments", "10.96.0.20"), service("legacy", "10.96.0.30")));
    api.list(SLICES, list("EndpointSliceList", "100",
        slice("checkout-abc12", "checkout", "93", "10.244.1.5"), slice("payments-def34", "payments", "94")));
    api.list(NODES, list("NodeList", "100", node()));
  }

  @AfterEach
  void stop() {
    if (watcher != null) {
      watcher.close();
    }
    api.close();
  }

  @Test
  void followsListsAndWatchesThroughIpReuseAndGoneAndResolvesAsOfEachTime() throws Exception {
    ApiClient client = KubeClients.connect(null, api.url() + "/");
    watcher = MetadataWatcher.start(client, clock, events::add, new MetadataWatcher.Settings(
        500, 300, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(20)));

    // T0: every object of the initial lists is added; ReplicaSets give no events of their own
    assertThat(watcher.awaitSynced(Duration.ofSeconds(20))).isTrue();
    List<WorkloadEvent> initial = take(9);
    assertThat(initial).allSatisfy(e -> {
      assertThat(e.getTs()).isEqualTo(T0);
      assertThat(e.getAction()).isEqualTo("added");
    });
    assertThat(initial).extracting(WorkloadEvent::getKind, WorkloadEvent::getName, WorkloadEvent::getOwner)
        .containsExactlyInAnyOrder(
            tuple("pod", "checkout-7d4b9c6f8-x2k9p", "Deployment/checkout"),
            tuple("pod", "db-0", "StatefulSet/db"),
            tuple("pod", "report-29000-q8", "Job/report-29000"),
            tuple("service", "checkout", null), tuple("service", "payments", null), tuple("service", "legacy", null),
            tuple("endpoints", "checkout-abc12", "Service/checkout"), tuple("endpoints", "payments-def34", "Service/payments"),
            tuple("node", "node-a", null));

    // a bookmark moves the nodes' version on without an event; the next watch resumes from it
    api.push(NODES, "BOOKMARK", "{\"kind\":\"Node\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"150\"}}");
    api.endWatch(NODES);

    // T1: a condition change (nothing wirelake keeps) and then the checkout pod's deletion
    clock.set(T1);
    ObjectNode checkoutPod = pod("checkout-7d4b9c6f8-x2k9p", "ReplicaSet", "checkout-7d4b9c6f8", "10.244.1.5", "101");
    ((ObjectNode) checkoutPod.path("status")).putArray("conditions").addObject().put("type", "Ready").put("status", "False");
    api.push(PODS, "MODIFIED", checkoutPod.toString());
    api.push(PODS, "DELETED", pod("checkout-7d4b9c6f8-x2k9p", "ReplicaSet", "checkout-7d4b9c6f8", "10.244.1.5", "102").toString());
    assertEvent(T1, "deleted", "pod", "checkout-7d4b9c6f8-x2k9p", List.of());
    api.push(SLICES, "MODIFIED", slice("checkout-abc12", "checkout", "103").toString());
    assertEvent(T1, "modified", "endpoints", "checkout-abc12", List.of());

    // T2: a payments pod is scheduled, no IP yet
    clock.set(T2);
    ObjectNode pending = pod("payments-5f6c8b9d4-h7t2m", "ReplicaSet", "payments-5f6c8b9d4", null, "104");
    ((ObjectNode) pending.path("status")).put("phase", "Pending");
    api.push(PODS, "ADDED", pending.toString());
    assertEvent(T2, "added", "pod", "payments-5f6c8b9d4-h7t2m", List.of());

    // T3: it runs with the IP the checkout pod had, and backs the payments service
    clock.set(T3);
    api.push(PODS, "MODIFIED", pod("payments-5f6c8b9d4-h7t2m", "ReplicaSet", "payments-5f6c8b9d4", "10.244.1.5", "105").toString());
    WorkloadEvent running = assertEvent(T3, "modified", "pod", "payments-5f6c8b9d4-h7t2m", List.of("10.244.1.5"));
    assertThat(running.getOwner()).isEqualTo("Deployment/payments");
    assertThat(running.getNode()).isEqualTo("node-a");
    api.push(SLICES, "MODIFIED", slice("payments-def34", "payments", "106", "10.244.1.5").toString());
    assertEvent(T3, "modified", "endpoints", "payments-def34", List.of("10.244.1.5"));

    // T4: the pods watch expires (ERROR 410); the re-list lacks the Job's pod and db-0 has new labels
    clock.set(T4);
    ObjectNode db = pod("db-0", "StatefulSet", "db", "10.244.1.7", "150");
    ((ObjectNode) db.path("metadata").path("labels")).put("version", "2");
    api.list(PODS, list("PodList", "200",
        pod("payments-5f6c8b9d4-h7t2m", "ReplicaSet", "payments-5f6c8b9d4", "10.244.1.5", "105"), db));
    api.push(PODS, "ERROR", FakeApiServer.status(410, "Expired", "too old resource version: 100 (150)"));
    assertEvent(T4, "deleted", "pod", "report-29000-q8", List.of());
    WorkloadEvent relabelled = assertEvent(T4, "modified", "pod", "db-0", List.of("10.244.1.7"));
    assertThat(relabelled.getLabels()).containsEntry("version", "2");

    // T5: the services watch ends, and resuming it is answered with HTTP 410; the re-list lacks legacy
    clock.set(T5);
    api.list(SERVICES, list("ServiceList", "300", service("checkout", "10.96.0.10"), service("payments", "10.96.0.20")));
    api.failNextWatch(SERVICES, 410);
    api.endWatch(SERVICES);
    assertEvent(T5, "deleted", "service", "legacy", List.of());

    // nothing else came out: the condition change, the bookmark and unchanged objects of re-lists are silent
    assertThat(events.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(watcher.eventsEmitted()).isEqualTo(all.size());

    // watches resume from the versions of the lists, bookmarks and events they follow
    assertThat(api.requests()).contains(
        PODS + "?watch=true&resourceVersion=100&allowWatchBookmarks=true&timeoutSeconds=300",
        PODS + "?watch=true&resourceVersion=200&allowWatchBookmarks=true&timeoutSeconds=300",
        NODES + "?watch=true&resourceVersion=150&allowWatchBookmarks=true&timeoutSeconds=300",
        SERVICES + "?watch=true&resourceVersion=300&allowWatchBookmarks=true&timeoutSeconds=300");
    assertThat(api.requests().stream().filter(r -> r.equals(PODS + "?limit=500"))).hasSize(2);

    watcher.close();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("k8s-watch-") && t.isAlive());

    // resolution as of several times, from the events alone
    WorkloadTimeline timeline = new WorkloadTimeline(List.of("10.244.0.0/16", "10.96.0.0/12"));
    timeline.addAll(all);
    String ip = "10.244.1.5";
    assertThat(timeline.resolve(ip, at(T0.plusSeconds(60)), 0))
        .isEqualTo(new WorkloadRef("shop", "checkout-7d4b9c6f8-x2k9p", "checkout", "checkout", "node-a", false));
    assertThat(timeline.resolve(ip, at(T1.plusSeconds(30)), 0)).isEqualTo(WorkloadRef.UNCLAIMED);
    assertThat(timeline.resolve(ip, at(T3), 0))
        .isEqualTo(new WorkloadRef("shop", "payments-5f6c8b9d4-h7t2m", "payments", "payments", "node-a", false));
    assertThat(timeline.resolve(ip, at(T5.plusSeconds(3600)), 0).pod()).isEqualTo("payments-5f6c8b9d4-h7t2m");
    assertThat(timeline.resolve("10.244.1.9", at(T0.plusSeconds(60)), 0).workload()).isEqualTo("report-29000");
    assertThat(timeline.resolve("10.244.1.9", at(T4), 0)).isEqualTo(WorkloadRef.UNCLAIMED);
    assertThat(timeline.resolve("10.96.0.10", at(T3), 0))
        .isEqualTo(new WorkloadRef("shop", null, null, "checkout", null, false));
    assertThat(timeline.resolve("10.96.0.30", at(T4), 0).service()).isEqualTo("legacy");
    assertThat(timeline.resolve("10.96.0.30", at(T5), 0)).isEqualTo(WorkloadRef.UNCLAIMED);
    assertThat(timeline.resolve("10.0.0.11", at(T3), 0)).isEqualTo(new WorkloadRef(null, null, null, null, "node-a", false));
    assertThat(timeline.resolve("8.8.8.8", at(T3), 0)).isEqualTo(WorkloadRef.EXTERNAL);
  }

  @Test
  void closeStopsPromptlyWhileTheServerIsUnreachable() throws Exception {
    api.close();
    ApiClient client = KubeClients.connect(null, api.url());
    watcher = MetadataWatcher.start(client, clock, events::add, new MetadataWatcher.Settings(
        500, 300, Duration.ofMillis(20), Duration.ofSeconds(30), Duration.ofSeconds(30)));
    watcher.close();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("k8s-watch-") && t.isAlive());
    assertThat(watcher.awaitSynced(Duration.ZERO)).isFalse();
    assertThat(events).isEmpty();
  }

  @Test
  void kubeconfigCredentialsAreSentWithEveryRequest(@TempDir Path dir) throws Exception {
    Path kubeconfig = dir.resolve("config");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: %s
        users:
        - name: watcher
          user:
            token: s3cr3t-token
        contexts:
        - name: test
          context:
            cluster: test
            user: watcher
        current-context: test
        """.formatted(api.url()));
    watcher = MetadataWatcher.start(KubeClients.connect(kubeconfig, null), clock, events::add,
        new MetadataWatcher.Settings(500, 300, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(20)));
    assertThat(watcher.awaitSynced(Duration.ofSeconds(20))).isTrue();
    take(9);
    assertThat(api.authorizations()).hasSizeGreaterThanOrEqualTo(5).containsOnly("Bearer s3cr3t-token");
  }

  private List<WorkloadEvent> take(int n) throws InterruptedException {
    List<WorkloadEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      WorkloadEvent e = events.poll(20, TimeUnit.SECONDS);
      assertThat(e).as("event %d of %d (got %s)", i + 1, n, out).isNotNull();
      out.add(e);
    }
    all.addAll(out);
    return out;
  }

  private WorkloadEvent assertEvent(Instant ts, String action, String kind, String name, List<String> ips)
      throws InterruptedException {
    WorkloadEvent e = take(1).get(0);
    assertThat(e).extracting(WorkloadEvent::getTs, WorkloadEvent::getAction, WorkloadEvent::getKind,
        WorkloadEvent::getName, WorkloadEvent::getIps).containsExactly(ts, action, kind, name, ips);
    return e;
  }

  private static long at(Instant t) {
    return WorkloadTimeline.micros(t);
  }

  // --- the API's JSON ---

  private static String list(String kind, String resourceVersion, ObjectNode... items) {
    ObjectNode l = Fixtures.MAPPER.createObjectNode();
    l.put("kind", kind).put("apiVersion", kind.startsWith("ReplicaSet") ? "apps/v1"
        : kind.startsWith("EndpointSlice") ? "discovery.k8s.io/v1" : "v1");
    l.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode a = l.putArray("items");
    for (ObjectNode item : items) {
      ObjectNode copy = item.deepCopy();
      copy.remove("kind"); // list items carry no kind, as the API server sends them
      copy.remove("apiVersion");
      a.add(copy);
    }
    return l.toString();
  }

  private static ObjectNode meta(ObjectNode o, String name, String namespace, String resourceVersion) {
    ObjectNode m = o.putObject("metadata").put("name", name);
    if (namespace != null) {
      m.put("namespace", namespace);
    }
    m.put("resourceVersion", resourceVersion);
    return m;
  }

  private static ObjectNode replicaSet(String name, String deployment) {
    ObjectNode rs = Fixtures.MAPPER.createObjectNode().put("kind", "ReplicaSet").put("apiVersion", "apps/v1");
    meta(rs, name, "shop", "40").putArray("ownerReferences").addObject()
        .put("apiVersion", "apps/v1").put("kind", "Deployment").put("name", deployment).put("controller", true);
    return rs;
  }

  private static ObjectNode pod(String name, String ownerKind, String owner, String ip, String resourceVersion) {
    ObjectNode p = Fixtures.MAPPER.createObjectNode().put("kind", "Pod").put("apiVersion", "v1");
    ObjectNode m = meta(p, name, "shop", resourceVersion);
    ObjectNode labels = m.putObject("labels").put("app", name.replaceAll("-.*", ""));
    if (ownerKind.equals("ReplicaSet")) {
      labels.put("pod-template-hash", owner.substring(owner.lastIndexOf('-') + 1));
    }
    m.putArray("ownerReferences").addObject().put("kind", ownerKind).put("name", owner).put("controller", true);
    p.putObject("spec").put("nodeName", "node-a");
    ObjectNode status = p.putObject("status").put("phase", "Running");
    if (ip != null) {
      status.put("podIP", ip).putArray("podIPs").addObject().put("ip", ip);
    }
    return p;
  }

  private static ObjectNode service(String name, String clusterIp) {
    ObjectNode s = Fixtures.MAPPER.createObjectNode().put("kind", "Service").put("apiVersion", "v1");
    meta(s, name, "shop", "60");
    ObjectNode spec = s.putObject("spec").put("clusterIP", clusterIp);
    spec.putArray("clusterIPs").add(clusterIp);
    spec.putArray("ports").addObject().put("port", 80).put("targetPort", 8080);
    return s;
  }

  private static ObjectNode slice(String name, String service, String resourceVersion, String... ips) {
    ObjectNode s = Fixtures.MAPPER.createObjectNode().put("kind", "EndpointSlice").put("apiVersion", "discovery.k8s.io/v1");
    meta(s, name, "shop", resourceVersion).putObject("labels").put("kubernetes.io/service-name", service);
    s.put("addressType", "IPv4");
    ArrayNode endpoints = s.putArray("endpoints");
    for (String ip : ips) {
      ObjectNode e = endpoints.addObject();
      e.putArray("addresses").add(ip);
      e.putObject("conditions").put("ready", true);
    }
    s.putArray("ports").addObject().put("port", 8080);
    return s;
  }

  private static ObjectNode node() {
    ObjectNode n = Fixtures.MAPPER.createObjectNode().put("kind", "Node").put("apiVersion", "v1");
    meta(n, "node-a", null, "70");
    n.putObject("spec").putArray("podCIDRs").add("10.244.1.0/24");
    ArrayNode addresses = n.putObject("status").putArray("addresses");
    addresses.addObject().put("type", "InternalIP").put("address", "10.0.0.11");
    addresses.addObject().put("type", "Hostname").put("address", "node-a");
    return n;
  }

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant t) {
      now = t;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
