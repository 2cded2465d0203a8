package io.wirelake.cli.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.wirelake.mcp.CaptureControl;
import io.wirelake.mcp.CaptureControl.NodeStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster capture control against a local HTTP server that speaks the Kubernetes API's JSON: the DaemonSet
 * read and merge-patched (the patches it receives are checked and applied), the sniffer pods listed, and one
 * sniffer's Prometheus metrics served.
 */
class DaemonSetCaptureControlTest {
  private static final String NS = "wirelake";
  private static final String NAME = "wl-sniffer";
  private static final String DS_PATH = "/apis/apps/v1/namespaces/" + NS + "/daemonsets/" + NAME;
  private final Gson gson = new GsonBuilder().serializeNulls().create();

  private HttpServer api;
  private HttpServer metrics;
  private Map<String, Object> daemonSet;
  private final List<String> patches = new ArrayList<>();
  private final List<String> patchTypes = new ArrayList<>();
  private int podsStatus = 200;

  @BeforeEach
  void start() throws IOException {
    metrics = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
    metrics.createContext("/metrics", ex -> respond(ex, 200, String.join("\n",
        "# TYPE wirelake_sniffer_captured_frames_total counter",
        "wirelake_sniffer_captured_frames_total{interface=\"any\",node=\"node-a\"} 1000",
        "wirelake_sniffer_kernel_drops_total{interface=\"any\",node=\"node-a\"} 3",
        "wirelake_sniffer_interface_drops_total{interface=\"any\",node=\"node-a\"} 1",
        "wirelake_sniffer_queue_drops_total{interface=\"any\",node=\"node-a\"} 20",
        "wirelake_sniffer_produced_segments_total{interface=\"any\",node=\"node-a\"} 950",
        "wirelake_sniffer_produce_errors_total{interface=\"any\",node=\"node-a\"} 5",
        "wirelake_sniffer_decode_skips_total{interface=\"any\",node=\"node-a\"} 15", "")));
    metrics.start();
    daemonSet = json("""
        {"apiVersion":"apps/v1","kind":"DaemonSet",
         "metadata":{"name":"%s","namespace":"%s","resourceVersion":"7"},
         "spec":{"selector":{"matchLabels":{"app.kubernetes.io/component":"sniffer","app.kubernetes.io/instance":"wl"}},
           "template":{"metadata":{"labels":{"app.kubernetes.io/component":"sniffer"}},
             "spec":{"hostNetwork":true,"nodeSelector":{"kubernetes.io/os":"linux"},
               "containers":[{"name":"sniffer","image":"wirelake:1","ports":[{"name":"metrics","containerPort":%d}]}]}}},
         "status":{"currentNumberScheduled":2,"desiredNumberScheduled":2,"numberMisscheduled":0,"numberReady":2}}
        """.formatted(NAME, NS, metrics.getAddress().getPort()));
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    api.createContext(DS_PATH, ex -> {
      switch (ex.getRequestMethod()) {
        case "GET" -> respond(ex, 200, gson.toJson(daemonSet));
        case "PATCH" -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          patches.add(body);
          patchTypes.add(ex.getRequestHeaders().getFirst("Content-Type"));
          daemonSet = mergePatch(daemonSet, json(body));
          respond(ex, 200, gson.toJson(daemonSet));
        }
        default -> respond(ex, 405, "{}");
      }
    });
    api.createContext("/api/v1/namespaces/" + NS + "/pods", ex -> {
      assertThat(ex.getRequestURI().getQuery()).contains("labelSelector=");
      respond(ex, podsStatus, podsStatus != 200 ? "{\"kind\":\"Status\",\"code\":" + podsStatus + "}" : """
          {"apiVersion":"v1","kind":"PodList","metadata":{},"items":[
            {"metadata":{"name":"wl-sniffer-a"},"spec":{"nodeName":"node-a","containers":[{"name":"sniffer"}]},
             "status":{"podIP":"127.0.0.1","conditions":[{"type":"Ready","status":"True"}]}},
            {"metadata":{"name":"wl-sniffer-b"},"spec":{"nodeName":"node-b","containers":[{"name":"sniffer"}]},
             "status":{"podIP":"127.0.0.2","conditions":[{"type":"Ready","status":"True"}]}}]}
          """);
    });
    api.start();
  }

  @AfterEach
  void stop() {
    api.stop(0);
    metrics.stop(0);
  }

  private CaptureControl control() {
    ApiClient client = new ClientBuilder().setBasePath("http://127.0.0.1:" + api.getAddress().getPort()).build();
    return new DaemonSetCaptureControl(client, NS, NAME);
  }

  @Test
  void stopEverywhereSetsTheOffNodeSelectorAndStartRemovesIt() {
    CaptureControl control = control();
    CaptureControl.Outcome stopped = control.stop(null);
    assertThat(stopped.changed()).isTrue();
    assertThat(patches).containsExactly(
        "{\"spec\":{\"template\":{\"spec\":{\"nodeSelector\":{\"wirelake.io/capture\":\"off\"}}}}}");
    assertThat(patchTypes).containsExactly("application/merge-patch+json");
    assertThat(nodeSelector()).containsEntry("wirelake.io/capture", "off").containsEntry("kubernetes.io/os", "linux");
    assertThat(control.status()).extracting(NodeStatus::capturing).containsOnly(false);
    assertThat(control.stop(null).changed()).as("already off").isFalse();
    assertThat(patches).hasSize(1);

    CaptureControl.Outcome started = control.start(null);
    assertThat(started.changed()).isTrue();
    assertThat(patches.get(1)).isEqualTo(
        "{\"spec\":{\"template\":{\"spec\":{\"nodeSelector\":{\"wirelake.io/capture\":null}}}}}");
    assertThat(nodeSelector()).containsOnlyKeys("kubernetes.io/os");
    assertThat(control.start(null).changed()).isFalse();
  }

  @Test
  void stopOneNodeExcludesItByNodeAffinityAndStartIncludesItAgain() {
    CaptureControl control = control();
    control.stop("node-b");
    assertThat(patches).containsExactly("{\"spec\":{\"template\":{\"spec\":{\"affinity\":{\"nodeAffinity\":"
        + "{\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":[{\"matchFields\":"
        + "[{\"key\":\"metadata.name\",\"operator\":\"NotIn\",\"values\":[\"node-b\"]}]}]}}}}}}}");
    List<NodeStatus> status = control.status();
    assertThat(status).extracting(s -> s.node() + "=" + s.capturing()).containsExactly("node-a=true", "node-b=false");

    control.start("node-b");
    assertThat(patches.get(1)).isEqualTo("{\"spec\":{\"template\":{\"spec\":{\"affinity\":{\"nodeAffinity\":"
        + "{\"requiredDuringSchedulingIgnoredDuringExecution\":null}}}}}}");
    assertThat(control.status()).extracting(NodeStatus::capturing).containsOnly(true);
  }

  @Test
  void statusReadsEachSniffersMetricsWhereTheyAnswer() {
    List<NodeStatus> status = control().status();
    assertThat(status).hasSize(2);
    NodeStatus a = status.get(0);
    assertThat(a.node()).isEqualTo("node-a");
    assertThat(a.capturing()).isTrue();
    assertThat(a.packets()).isEqualTo(1000L);
    assertThat(a.kernelDrops()).isEqualTo(3L);
    assertThat(a.interfaceDrops()).isEqualTo(1L);
    assertThat(a.queueDrops()).isEqualTo(20L);
    assertThat(a.produceErrors()).isEqualTo(5L);
    assertThat(a.lag()).isEqualTo(1000L - 950 - 5 - 15 - 20);
    NodeStatus b = status.get(1);
    assertThat(b.node()).isEqualTo("node-b");
    assertThat(b.packets()).isNull();
    assertThat(b.detail()).contains("did not answer");
  }

  @Test
  void unknownNodesAreRefusedAndForbiddenPodListingFallsBackToTheDaemonSetStatus() {
    CaptureControl control = control();
    assertThatThrownBy(() -> control.stop("node-z")).isInstanceOf(CaptureControl.UnknownNodeException.class)
        .hasMessageContaining("node-z").hasMessageContaining("node-a, node-b");
    assertThat(patches).isEmpty();

    podsStatus = 403;
    List<NodeStatus> status = control.status();
    assertThat(status).singleElement().satisfies(s -> {
      assertThat(s.node()).isEqualTo("*");
      assertThat(s.capturing()).isTrue();
      assertThat(s.detail()).contains("2 of 2 sniffers ready");
    });
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> nodeSelector() {
    Map<String, Object> spec = (Map<String, Object>) daemonSet.get("spec");
    Map<String, Object> template = (Map<String, Object>) spec.get("template");
    return (Map<String, Object>) ((Map<String, Object>) template.get("spec")).get("nodeSelector");
  }

  private Map<String, Object> json(String text) {
    return gson.fromJson(text, new TypeToken<LinkedHashMap<String, Object>>() {}.getType());
  }

  /** RFC 7386. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> mergePatch(Map<String, Object> target, Map<String, Object> patch) {
    Map<String, Object> out = new LinkedHashMap<>(target);
    for (Map.Entry<String, Object> e : patch.entrySet()) {
      if (e.getValue() == null) {
        out.remove(e.getKey());
      } else if (e.getValue() instanceof Map<?, ?> m && out.get(e.getKey()) instanceof Map<?, ?> t) {
        out.put(e.getKey(), mergePatch((Map<String, Object>) t, (Map<String, Object>) m));
      } else if (e.getValue() instanceof Map<?, ?> m) {
        out.put(e.getKey(), mergePatch(new LinkedHashMap<>(), (Map<String, Object>) m));
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }
}
