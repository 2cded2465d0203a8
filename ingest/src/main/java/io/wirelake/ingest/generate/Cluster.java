package io.wirelake.ingest.generate;

import io.wirelake.ingest.generate.Route.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The virtual Kubernetes cluster: an ingress, services with one to three pods each on pod IPs
 * 10.244.node.host, and a call graph (ingress calls frontend, frontend calls everyone, and other
 * services call some services after them).
 */
final class Cluster {

  private static final String[] NAMES = {
      "frontend", "checkout", "payments", "catalog", "users", "cart", "shipping", "inventory",
      "recommendations", "search", "notifications", "auth", "reviews", "orders", "pricing", "ads"};
  private static final String[] SERVERS = {
      "envoy", "nginx/1.25.3", "gunicorn", "Jetty(11.0.18)", "uvicorn", "Kestrel", ""};
  private static final String[] AGENTS = {
      "Go-http-client/1.1", "okhttp/4.12.0", "python-requests/2.31.0", "axios/1.6.2",
      "Apache-HttpClient/5.2.1 (Java/17.0.9)", "curl/8.5.0"};
  private static final int[] PORTS = {8080, 8080, 8080, 80, 3000, 9090, 8000};
  private static final int NODES = 8;

  /** Directed call edge: caller service index (-1 for ingress) to callee index. */
  record Edge(int caller, int callee, int weight) {}

  private final Service ingress;
  private final List<Service> services = new ArrayList<>();
  private final List<Edge> edges = new ArrayList<>();
  private final int totalEdgeWeight;
  private final int podSlots;
  private Handover handover;

  /**
   * A pod restart that hands an address to another workload: at {@code atMicros} pod {@code position} of
   * service {@code from} is replaced by a pod on {@code replacementIp}, and its old address {@code reusedIp}
   * goes to a new pod of service {@code to}.
   */
  record Handover(int from, int position, int to, int reusedIp, int replacementIp, long atMicros) {}

  Cluster(int serviceCount, Rng rng) {
    ingress = new Service("ingress-nginx", 80, "", "", new int[] {ip(0, 2)}, List.of(), 1);
    int slot = 0;
    for (int i = 0; i < serviceCount; i++) {
      String name = i < NAMES.length ? NAMES[i] : "svc-" + i;
      int[] pods = new int[rng.between(1, 3)];
      for (int p = 0; p < pods.length; p++, slot++) {
        pods[p] = ip(1 + slot % NODES, 10 + slot / NODES);
      }
      List<Route> routes = routes(name, rng);
      int weight = routes.stream().mapToInt(Route::weight).sum();
      services.add(new Service(name, rng.pick(toObjects(PORTS)), rng.pick(SERVERS),
          i == 0 ? "" : rng.pick(AGENTS), pods, routes, weight));
    }
    podSlots = slot;
    edges.add(new Edge(-1, 0, 6 * serviceCount));
    for (int callee = 1; callee < serviceCount; callee++) {
      edges.add(new Edge(0, callee, 2));
      for (int caller = 1; caller < callee; caller++) {
        if (rng.chance(0.3)) {
          edges.add(new Edge(caller, callee, 1));
        }
      }
    }
    totalEdgeWeight = edges.stream().mapToInt(Edge::weight).sum();
  }

  Edge pickEdge(Rng rng) {
    int r = rng.nextInt(totalEdgeWeight);
    for (Edge edge : edges) {
      r -= edge.weight();
      if (r < 0) {
        return edge;
      }
    }
    throw new AssertionError("weights do not add up");
  }

  Service service(int index) {
    return index < 0 ? ingress : services.get(index);
  }

  /** The pods of service {@code index} at {@code tsMicros}: its initial pods, changed by the hand-over. */
  int[] podIps(int index, long tsMicros) {
    int[] pods = service(index).podIps();
    Handover h = handover;
    if (h == null || tsMicros < h.atMicros() || (index != h.from() && index != h.to())) {
      return pods;
    }
    if (index == h.from()) {
      int[] now = pods.clone();
      now[h.position()] = h.replacementIp();
      return now;
    }
    int[] now = java.util.Arrays.copyOf(pods, pods.length + 1);
    now[pods.length] = h.reusedIp();
    return now;
  }

  /**
   * Plans the hand-over at {@code atMicros} between two services that no planted change involves: the first
   * with two pods or more gives up its first pod's address to the next one. Draws nothing from the random
   * sequence, so the rest of the traffic stays as it was for a seed. None when no two such services exist.
   */
  Handover planHandover(long atMicros) {
    java.util.Set<String> planted = java.util.Set.of("frontend", "payments", "catalog", "checkout", "users");
    int from = -1;
    for (int i = 0; i < services.size(); i++) {
      if (planted.contains(services.get(i).name())) {
        continue;
      }
      if (from < 0 && services.get(i).podIps().length >= 2) {
        from = i;
      } else if (from >= 0) {
        handover = new Handover(from, 0, i, services.get(from).podIps()[0],
            ip(1 + podSlots % NODES, 10 + podSlots / NODES), atMicros);
        return handover;
      }
    }
    return null;
  }

  Handover handover() {
    return handover;
  }

  int serviceCount() {
    return services.size();
  }

  /** The index of the named service, or -1 for the ingress. */
  int indexOf(String name) {
    if (name.equals(ingress.name())) {
      return -1;
    }
    for (int i = 0; i < services.size(); i++) {
      if (services.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no service " + name);
  }

  List<Edge> edges() {
    return edges;
  }

  /** The ingress first, then the services in index order. */
  List<ServiceFacts> facts() {
    List<ServiceFacts> facts = new ArrayList<>();
    facts.add(facts(-1));
    for (int i = 0; i < services.size(); i++) {
      facts.add(facts(i));
    }
    return List.copyOf(facts);
  }

  ServiceFacts facts(int index) {
    return ServiceFacts.of(service(index), index < 0 ? "ingress-nginx" : "default");
  }

  /** User-Agent of calls made by the given caller. */
  String userAgent(int caller) {
    if (caller < 0) {
      return "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
          + "Chrome/120.0.0.0 Safari/537.36";
    }
    Service s = services.get(caller);
    return s.userAgent().isEmpty() ? "node-fetch/1.0 (" + s.name() + ")" : s.userAgent();
  }

  private static List<Route> routes(String name, Rng rng) {
    double speed = 0.5 + 1.5 * rng.nextDouble();
    String base = "/api/v1/" + name;
    boolean auth = name.equals("payments") || name.equals("users") || name.equals("checkout")
        || name.equals("orders") || name.equals("cart") || rng.chance(0.3);
    List<Route> routes = new ArrayList<>();
    routes.add(new Route(Kind.HEALTH, "GET", "/healthz", 60, 0.3, 0, 2, 0, "text/plain", false,
        8));
    routes.add(new Route(Kind.READ, "GET", base + "/{id}", 700 * speed, 0.6, 0, 600, 0,
        "application/json", auth, 40));
    routes.add(new Route(Kind.LIST, "GET", base + "?page={n}&limit=50", 3_000 * speed, 0.8, 0,
        12_000, 0.4, "application/json", auth, 15));
    routes.add(new Route(Kind.CREATE, "POST", base, 4_000 * speed, 0.7, 400, 300, 0,
        "application/json", auth, 12));
    routes.add(new Route(Kind.UPDATE, "PUT", base + "/{id}", 2_000 * speed, 0.6, 300, 0, 0,
        "application/json", auth, 6));
    routes.add(new Route(Kind.DELETE, "DELETE", base + "/{id}", 1_500 * speed, 0.5, 0, 0, 0,
        "application/json", auth, 3));
    switch (name) {
      case "payments":
        routes.add(new Route(Kind.CREATE, "POST", "/v1/charges", 12_000, 0.9, 700, 450, 0,
            "application/json", true, 10));
        break;
      case "catalog":
        routes.add(new Route(Kind.BLOB, "GET", "/v1/blobs/{id}", 1_500, 0.7, 0, 60_000, 0.2,
            "application/octet-stream", false, 10));
        break;
      case "search":
        routes.add(new Route(Kind.LIST, "GET", "/search?q=item{n}&sort=relevance", 25_000, 0.9,
            0, 20_000, 0.6, "application/json", false, 10));
        break;
      default:
        break;
    }
    return routes;
  }

  private static int ip(int node, int host) {
    return 10 << 24 | 244 << 16 | node << 8 | host;
  }

  private static Integer[] toObjects(int[] values) {
    Integer[] boxed = new Integer[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }
}
