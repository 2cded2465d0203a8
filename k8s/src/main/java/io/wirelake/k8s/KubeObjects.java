package io.wirelake.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirelake.schemas.IpAddresses;
import io.wirelake.schemas.WorkloadEvent;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kubernetes objects, as the API's JSON ({@code kubectl get -o json}, list and watch responses), turned into the
 * {@link WorkloadEvent}s that give captured addresses meaning. Pure functions: the same object gives the same
 * event.
 *
 * <ul>
 *   <li><b>Pod</b>: {@code ips} from {@code status.podIPs} (else {@code status.podIP}); none once the pod has
 *       {@code Succeeded} or {@code Failed}, since its address is free for reuse then; none for a host-network pod
 *       either, because it shares the node's address, which must keep resolving to the node. {@code node} from
 *       {@code spec.nodeName}. {@code owner} is the controlling workload: a ReplicaSet is followed to its owner
 *       (a Deployment) when the ReplicaSet is known, else the {@code -<pod-template-hash>} suffix is stripped
 *       from its name when the pod carries that label; StatefulSets, DaemonSets, Jobs (also those a CronJob
 *       owns) and other controllers are named directly; a static (mirror) pod, owned by its Node, has none.
 *   <li><b>Service</b>: {@code ips} from {@code spec.clusterIPs} (else {@code spec.clusterIP}) without
 *       {@code None}; {@code ports} its ports.
 *   <li><b>EndpointSlice</b> ({@code discovery.k8s.io/v1}, kind {@code endpoints}): the addresses of endpoints
 *       whose {@code conditions.ready} is not false (unknown counts as ready, as the API advises); {@code owner}
 *       {@code Service/<kubernetes.io/service-name>}; {@code ports} its ports.
 *   <li><b>Node</b>: {@code ips} its {@code InternalIP} and {@code ExternalIP} addresses; {@code cidrs} from
 *       {@code spec.podCIDRs} (else {@code spec.podCIDR}).
 * </ul>
 *
 * Other kinds (including core {@code Endpoints}, which EndpointSlices mirror) give no event. Addresses are written
 * in RFC 5952 text and duplicates dropped; anything that is not an IP literal (an FQDN endpoint) is skipped.
 */
public final class KubeObjects {
  private KubeObjects() {}

  /** The pod label whose value a Deployment's ReplicaSet appends to its name. */
  static final String POD_TEMPLATE_HASH = "pod-template-hash";
  /** The EndpointSlice label naming its Service. */
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6ISH = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /**
   * The event for {@code object} (its {@code kind} field says what it is, as in {@code kubectl get -o json}),
   * or empty for a kind that gives none. Pod owners through ReplicaSets fall back to the pod-template-hash rule.
   */
  public static Optional<WorkloadEvent> toEvent(JsonNode object, String action, Instant ts) {
    return toEvent(object.path("kind").asText(""), object, action, ts, Map.of());
  }

  /**
   * The event for {@code object} of Kubernetes kind {@code kind} ({@code Pod}, {@code Service},
   * {@code EndpointSlice}, {@code Node}; the items of an API list response carry no kind of their own), or empty
   * for another kind.
   *
   * @param replicaSetOwners workload of each known ReplicaSet by {@code namespace/name}, e.g.
   *     {@code Deployment/checkout} (see {@link #replicaSetWorkload(JsonNode)})
   */
  public static Optional<WorkloadEvent> toEvent(
      String kind, JsonNode object, String action, Instant ts, Map<String, String> replicaSetOwners) {
    return state(kind, object, replicaSetOwners).map(s -> s.toEvent(action, ts));
  }

  /**
   * The workload a ReplicaSet stands for: its controlling owner as {@code Kind/name} (a Deployment, or for
   * example an Argo Rollout), or {@code ReplicaSet/name} when it has none.
   */
  public static String replicaSetWorkload(JsonNode replicaSet) {
    JsonNode ref = controllerRef(replicaSet);
    if (ref != null) {
      return ref.path("kind").asText() + "/" + ref.path("name").asText();
    }
    return "ReplicaSet/" + replicaSet.path("metadata").path("name").asText();
  }

  /** {@code namespace/name} of an object, the key of a ReplicaSet in the owners map. */
  static String namespacedName(JsonNode object) {
    JsonNode meta = object.path("metadata");
    return meta.path("namespace").asText("") + "/" + meta.path("name").asText("");
  }

  /** What wirelake keeps of the object, or empty for a kind it ignores or an object without a name. */
  static Optional<ObjectState> state(String kind, JsonNode object, Map<String, String> replicaSetOwners) {
    if (object == null || !object.path("metadata").hasNonNull("name")) {
      return Optional.empty();
    }
    return Optional.ofNullable(switch (kind) {
      case "Pod" -> pod(object, replicaSetOwners);
      case "Service" -> service(object);
      case "EndpointSlice" -> endpointSlice(object);
      case "Node" -> node(object);
      default -> null;
    });
  }

  private static ObjectState pod(JsonNode pod, Map<String, String> replicaSetOwners) {
    JsonNode spec = pod.path("spec");
    JsonNode status = pod.path("status");
    String phase = status.path("phase").asText("");
    Set<String> ips = new LinkedHashSet<>();
    boolean finished = phase.equals("Succeeded") || phase.equals("Failed");
    if (!finished && !spec.path("hostNetwork").asBoolean(false)) {
      for (JsonNode p : status.path("podIPs")) {
        addIp(ips, p.path("ip").asText(null));
      }
      if (ips.isEmpty()) {
        addIp(ips, status.path("podIP").asText(null));
      }
    }
    Map<String, String> labels = labels(pod);
    return new ObjectState(ObjectState.POD, namespace(pod), name(pod), new ArrayList<>(ips),
        textOrNull(spec.path("nodeName")), labels, podOwner(pod, labels, replicaSetOwners), List.of(), List.of());
  }

  private static String podOwner(JsonNode pod, Map<String, String> labels, Map<String, String> replicaSetOwners) {
    JsonNode ref = controllerRef(pod);
    if (ref == null) {
      return null;
    }
    String kind = ref.path("kind").asText("");
    String name = ref.path("name").asText("");
    switch (kind) {
      case "ReplicaSet" -> {
        String known = replicaSetOwners.get(namespace(pod) + "/" + name);
        if (known != null) {
          return known;
        }
        String hash = labels.get(POD_TEMPLATE_HASH);
        if (hash != null && !hash.isEmpty() && name.endsWith("-" + hash) && name.length() > hash.length() + 1) {
          return "Deployment/" + name.substring(0, name.length() - hash.length() - 1);
        }
        return "ReplicaSet/" + name;
      }
      case "Node" -> {
        return null; // a static pod's mirror: no workload of its own
      }
      default -> {
        return kind.isEmpty() || name.isEmpty() ? null : kind + "/" + name;
      }
    }
  }

  private static ObjectState service(JsonNode svc) {
    JsonNode spec = svc.path("spec");
    Set<String> ips = new LinkedHashSet<>();
    for (JsonNode ip : spec.path("clusterIPs")) {
      addIp(ips, ip.asText(null));
    }
    if (ips.isEmpty()) {
      addIp(ips, spec.path("clusterIP").asText(null));
    }
    return new ObjectState(ObjectState.SERVICE, namespace(svc), name(svc), new ArrayList<>(ips), null, labels(svc),
        null, List.of(), ports(spec.path("ports")));
  }

  private static ObjectState endpointSlice(JsonNode slice) {
    Set<String> ips = new LinkedHashSet<>();
    for (JsonNode endpoint : slice.path("endpoints")) {
      JsonNode ready = endpoint.path("conditions").path("ready");
      if (ready.isBoolean() && !ready.booleanValue()) {
        continue;
      }
      for (JsonNode address : endpoint.path("addresses")) {
        addIp(ips, address.asText(null));
      }
    }
    Map<String, String> labels = labels(slice);
    String service = labels.get(SERVICE_NAME_LABEL);
    return new ObjectState(ObjectState.ENDPOINTS, namespace(slice), name(slice), new ArrayList<>(ips), null, labels,
        service == null || service.isEmpty() ? null : "Service/" + service, List.of(), ports(slice.path("ports")));
  }

  private static ObjectState node(JsonNode node) {
    Set<String> ips = new LinkedHashSet<>();
    for (JsonNode address : node.path("status").path("addresses")) {
      String type = address.path("type").asText("");
      if (type.equals("InternalIP") || type.equals("ExternalIP")) {
        addIp(ips, address.path("address").asText(null));
      }
    }
    JsonNode spec = node.path("spec");
    Set<String> cidrs = new LinkedHashSet<>();
    for (JsonNode c : spec.path("podCIDRs")) {
      if (c.isTextual() && !c.asText().isBlank()) {
        cidrs.add(c.asText().trim());
      }
    }
    if (cidrs.isEmpty() && spec.path("podCIDR").isTextual() && !spec.path("podCIDR").asText().isBlank()) {
      cidrs.add(spec.path("podCIDR").asText().trim());
    }
    return new ObjectState(ObjectState.NODE, null, name(node), new ArrayList<>(ips), null, labels(node), null,
        new ArrayList<>(cidrs), List.of());
  }

  /** The owner reference marked {@code controller: true}, else the first one, else null. */
  private static JsonNode controllerRef(JsonNode object) {
    JsonNode refs = object.path("metadata").path("ownerReferences");
    JsonNode first = null;
    for (JsonNode ref : refs) {
      if (ref.path("controller").asBoolean(false)) {
        return ref;
      }
      if (first == null) {
        first = ref;
      }
    }
    return first;
  }

  private static List<Integer> ports(JsonNode ports) {
    Set<Integer> out = new LinkedHashSet<>();
    for (JsonNode p : ports) {
      if (p.path("port").canConvertToInt() && p.path("port").isNumber()) {
        out.add(p.path("port").intValue());
      }
    }
    return new ArrayList<>(out);
  }

  private static Map<String, String> labels(JsonNode object) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : object.path("metadata").path("labels").properties()) {
      if (!e.getValue().isNull()) {
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  private static String namespace(JsonNode object) {
    return textOrNull(object.path("metadata").path("namespace"));
  }

  private static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  private static String textOrNull(JsonNode n) {
    return n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
  }

  private static void addIp(Set<String> ips, String text) {
    String ip = normalizeIp(text);
    if (ip != null) {
      ips.add(ip);
    }
  }

  /**
   * {@code text} as RFC 5952 / dotted-quad text when it is an IP literal (a zone suffix is dropped), else null.
   * Never resolves a host name.
   */
  static String normalizeIp(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    int zone = t.indexOf('%');
    if (zone >= 0) {
      t = t.substring(0, zone);
    }
    if (t.isEmpty() || t.equals("None") || !(IPV4.matcher(t).matches() || IPV6ISH.matcher(t).matches())) {
      return null;
    }
    try {
      InetAddress a = InetAddress.getByName(t);
      return IpAddresses.format(a.getAddress());
    } catch (UnknownHostException | IllegalArgumentException e) {
      return null;
    }
  }
}
