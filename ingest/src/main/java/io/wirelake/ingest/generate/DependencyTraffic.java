package io.wirelake.ingest.generate;

import java.util.List;

/**
 * Who in the virtual cluster talks to its dependencies, and when: frontend resolves a callee's
 * name with kube-dns before some of its calls; while serving a connection, checkout uses
 * redis-cache and postgres, catalog redis-cache, users postgres, and payments resolves an
 * external API's name. Dependency traffic thus rides on the HTTP arrivals and follows their
 * daily rhythm.
 *
 * <p>It draws from its own random stream (derived from the seed), so the HTTP traffic it
 * accompanies is the same as without it, apart from lookups delaying some connections.
 */
final class DependencyTraffic {

  static final String EXTERNAL_HOST = "api.stripe.com";
  private static final long SALT = 0x3c6ef372fe94f82bL;
  private static final int[] EXTERNAL_ADDRESSES = {
      54 << 24 | 187 << 16 | 174 << 8 | 169, 54 << 24 | 187 << 16 | 216 << 8 | 72};

  private final Cluster cluster;
  private final Rng rng;
  private final EphemeralPorts ports;
  private final DnsLookups dns;
  private final RedisSession redis;
  private final PostgresSession postgres;

  DependencyTraffic(long seed, Cluster cluster, FrameBuilder builder) {
    this.cluster = cluster;
    this.rng = new Rng(seed ^ SALT);
    this.ports = new EphemeralPorts(rng);
    this.dns = new DnsLookups(rng, builder, ports);
    this.redis = new RedisSession(rng, builder);
    this.postgres = new PostgresSession(rng, builder);
  }

  /** The dependencies' facts: redis-cache, postgres, kube-dns. */
  static List<ServiceFacts> facts() {
    return List.of(Dependency.REDIS.facts(), Dependency.POSTGRES.facts(),
        Dependency.DNS.facts());
  }

  /**
   * Lookups the caller of {@code edge} makes from {@code clientIp} before connecting at
   * {@code t}; adds them to {@code out} and returns when the connection can open.
   */
  long before(Cluster.Edge edge, int clientIp, long t, List<PlayedConnection> out) {
    if (edge.caller() < 0 || !name(edge.caller()).equals("frontend") || !rng.chance(0.25)) {
      return t;
    }
    Service callee = cluster.service(edge.callee());
    PlayedConnection lookup = dns.service(clientIp, callee.name(), cluster.podIps(edge.callee(), t), t);
    out.add(lookup);
    return last(lookup) + rng.between(5, 60);
  }

  /**
   * Calls the callee of {@code edge}, on pod {@code serverIp}, makes to dependencies while
   * serving a connection that opened at {@code t}; adds them to {@code out}.
   */
  void during(Cluster.Edge edge, int serverIp, long t, List<PlayedConnection> out) {
    String callee = name(edge.callee());
    switch (callee) {
      case "checkout":
        maybeRedis(callee, serverIp, t, 0.6, out);
        maybePostgres(callee, serverIp, t, 0.5, out);
        break;
      case "catalog":
        maybeRedis(callee, serverIp, t, 0.6, out);
        break;
      case "users":
        maybePostgres(callee, serverIp, t, 0.6, out);
        break;
      case "payments":
        if (rng.chance(0.3)) {
          out.add(dns.external(serverIp, EXTERNAL_HOST, EXTERNAL_ADDRESSES, t + offset()));
        }
        break;
      default:
        break;
    }
  }

  private void maybeRedis(String caller, int ip, long t, double p, List<PlayedConnection> out) {
    if (rng.chance(p)) {
      out.add(redis.play(caller, ip, ports.next(ip), t + offset()));
    }
  }

  private void maybePostgres(String caller, int ip, long t, double p,
      List<PlayedConnection> out) {
    if (rng.chance(p)) {
      out.add(postgres.play(caller, ip, ports.next(ip), t + offset()));
    }
  }

  private long offset() {
    return rng.between(80, 1_500);
  }

  private String name(int service) {
    return cluster.service(service).name();
  }

  private static long last(PlayedConnection played) {
    return played.frames().get(played.frames().size() - 1).tsMicros();
  }
}
