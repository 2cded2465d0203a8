package io.wirelake.ingest.generate;

import java.util.List;

/**
 * A service of the virtual cluster: its pods (IPv4 addresses as ints), port, HTTP software and
 * routes.
 */
record Service(
    String name,
    int port,
    String serverHeader,
    String userAgent,
    int[] podIps,
    List<Route> routes,
    int totalWeight) {

  String host() {
    return name + ".default.svc.cluster.local" + (port == 80 ? "" : ":" + port);
  }

  Route pickRoute(Rng rng) {
    int r = rng.nextInt(totalWeight);
    for (Route route : routes) {
      r -= route.weight();
      if (r < 0) {
        return route;
      }
    }
    throw new AssertionError("weights do not add up");
  }
}
