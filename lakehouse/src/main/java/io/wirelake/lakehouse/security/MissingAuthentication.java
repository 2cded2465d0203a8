package io.wirelake.lakehouse.security;

import io.wirelake.lakehouse.query.PeerNames;
import io.wirelake.lakehouse.query.Row;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Collects calls per endpoint (server, method, route) and per server to find endpoints that most
 * callers reach with credentials but some reach without, and servers that never see credentials.
 */
final class MissingAuthentication {

  /** An endpoint is judged only with at least this many calls. */
  static final int MIN_CALLS = 5;

  /** ... and only when at least this share of them carried credentials. */
  static final double MIN_AUTHENTICATED_SHARE = 0.8;

  private final Map<List<String>, Endpoint> endpoints = new TreeMap<>(Comparator.comparing(Object::toString));
  private final Map<String, Service> services = new TreeMap<>();

  void add(Row call) {
    String server = PeerNames.server(call);
    String route = call.string("route") != null ? call.string("route") : call.string("path");
    String method = call.string("method");
    boolean authenticated = call.isTrue("has_authorization");
    String caller = PeerNames.client(call);
    Endpoint endpoint = endpoints.computeIfAbsent(
        java.util.Arrays.asList(server, method, route), k -> new Endpoint(server, method, route));
    endpoint.calls++;
    if (authenticated) {
      endpoint.authenticated++;
    } else {
      endpoint.unauthenticatedCallers.add(caller);
      endpoint.examples.offer(call.string("id"));
    }
    Service service = services.computeIfAbsent(server, Service::new);
    service.calls++;
    service.authenticated += authenticated ? 1 : 0;
    service.callers.add(caller);
  }

  /** Endpoints with unauthenticated calls among mostly authenticated ones, most such calls first. */
  List<UnauthenticatedEndpoint> endpoints() {
    List<UnauthenticatedEndpoint> found = new ArrayList<>();
    for (Endpoint e : endpoints.values()) {
      long unauthenticated = e.calls - e.authenticated;
      if (e.calls >= MIN_CALLS && unauthenticated > 0
          && e.authenticated >= MIN_AUTHENTICATED_SHARE * e.calls) {
        found.add(new UnauthenticatedEndpoint(
            e.server, e.method, e.route, e.calls, e.authenticated, unauthenticated,
            List.copyOf(e.unauthenticatedCallers), e.examples.toList()));
      }
    }
    found.sort(Comparator.comparingLong(UnauthenticatedEndpoint::unauthenticatedCalls).reversed());
    return found;
  }

  /** Servers that received calls, none of them with credentials, busiest first. */
  List<UnauthenticatedService> servicesWithoutAuthentication() {
    List<UnauthenticatedService> found = new ArrayList<>();
    for (Service s : services.values()) {
      if (s.authenticated == 0) {
        found.add(new UnauthenticatedService(s.server, s.calls, List.copyOf(s.callers)));
      }
    }
    found.sort(Comparator.comparingLong(UnauthenticatedService::calls).reversed());
    return found;
  }

  private static final class Endpoint {
    final String server;
    final String method;
    final String route;
    long calls;
    long authenticated;
    final Set<String> unauthenticatedCallers = new TreeSet<>();
    final FirstFive examples = new FirstFive();

    Endpoint(String server, String method, String route) {
      this.server = server;
      this.method = method;
      this.route = route;
    }
  }

  private static final class Service {
    final String server;
    long calls;
    long authenticated;
    final Set<String> callers = new TreeSet<>();

    Service(String server) {
      this.server = server;
    }
  }
}
