package io.wirelake.ingest.generate;

import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.schemas.WorkloadEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Generates the traffic of a virtual Kubernetes cluster: services on pod IPs 10.244.x.y calling
 * each other over HTTP/1.1 on keep-alive TCP connections, as Ethernet/IPv4/TCP frames (link type
 * 1, interface "eth0") in non-decreasing time order. Connections open at exponential intervals
 * and overlap; each has a real handshake, correct sequence numbers, MSS-sized segments, and ends
 * with FIN or, rarely, RST. The same {@link GeneratorConfig} always yields the same frames.
 *
 * <p>A {@link GeneratorConfig#history history} spreads its connections over whole days at a rate
 * that follows the time of day, and plants the {@link #plantedChanges()} on its last day.
 * Connections last milliseconds and frames are made one connection at a time as the stream
 * reaches it, so memory stays bounded however long the history.
 *
 * <p>A history's cluster also has dependencies (see {@link DependencyTraffic}): {@code
 * redis-cache} (RESP2 on 6379), {@code postgres} (protocol 3.0 on 5432) and {@code kube-dns}
 * (UDP 53 on 10.96.0.10), whose traffic rides on the HTTP connections that cause it.
 *
 * <p>Use it as an iterator or drain it with {@link #generate(Consumer)}; {@link #summary()}
 * reports what was generated; {@link #services()} names the cluster's addresses. Not
 * thread-safe.
 */
public final class TrafficGenerator implements Iterator<CapturedFrame> {

  private final GeneratorConfig config;
  private final Rng rng;
  private final Cluster cluster;
  private final HttpSession session;
  private final Arrivals arrivals;
  private final PlantedChanges planted;
  private final DependencyTraffic dependencies;
  private final EphemeralPorts ports;
  private final PriorityQueue<Cursor> active = new PriorityQueue<>(
      (a, b) -> a.ts() != b.ts() ? Long.compare(a.ts(), b.ts()) : Long.compare(a.id, b.id));
  private final List<PlayedConnection> played = new ArrayList<>();
  private long nextStart;
  private boolean exhausted;
  private int requestsLeft;

  private long frames;
  private long connections;
  private long cursors;
  private long requests;
  private long resets;
  private long clientBytes;
  private long serverBytes;
  private final TreeMap<Integer, Long> statuses = new TreeMap<>();
  private final EnumMap<Dependency, Long> dependencyCalls = new EnumMap<>(Dependency.class);

  /** A connection's frames and the next one to emit. */
  private static final class Cursor {
    final long id;
    final List<CapturedFrame> frames;
    int index;

    Cursor(long id, List<CapturedFrame> frames) {
      this.id = id;
      this.frames = frames;
    }

    long ts() {
      return frames.get(index).tsMicros();
    }
  }

  public TrafficGenerator(GeneratorConfig config) {
    this.config = config;
    this.rng = new Rng(config.seed());
    this.cluster = new Cluster(config.services(), rng);
    this.ports = new EphemeralPorts(rng);
    if (config.history()) {
      this.planted = PlantedChanges.plant(config, cluster);
      this.arrivals = new DailyArrivals(config, cluster, planted);
      this.session = new HttpSession(rng, new FrameBuilder(), PlantedEffects.of(planted, cluster));
      this.dependencies = new DependencyTraffic(config.seed(), cluster, new FrameBuilder());
      long days = config.durationMicros() / GeneratorConfig.DAY_MICROS;
      cluster.planHandover(config.startMicros() + days / 2 * GeneratorConfig.DAY_MICROS + 3 * 3_600_000_000L);
    } else {
      this.planted = null;
      this.dependencies = null;
      this.arrivals = new SteadyArrivals(cluster);
      this.session = new HttpSession(rng, new FrameBuilder());
    }
    this.nextStart = config.startMicros();
    this.requestsLeft = config.requests() > 0 && !config.history()
        ? config.requests() : Integer.MAX_VALUE;
  }

  /**
   * The workloads of the virtual cluster: the ingress first, then the services, then (for a
   * history) its dependencies redis-cache, postgres and kube-dns.
   */
  public List<ServiceFacts> services() {
    if (dependencies == null) {
      return cluster.facts();
    }
    List<ServiceFacts> all = new ArrayList<>(cluster.facts());
    all.addAll(DependencyTraffic.facts());
    return List.copyOf(all);
  }

  /**
   * The Kubernetes metadata of the virtual cluster as workload events: everything present from the start,
   * and for a history a pod restart halfway through, 03:00 UTC, that hands one service's pod address to a pod
   * of another service (which the traffic follows).
   */
  public List<WorkloadEvent> workloadEvents() {
    return ClusterMetadata.of(cluster, dependencies != null, config.startMicros());
  }

  /** What a history plants on its last day; empty for steady traffic. */
  public Optional<PlantedChanges> plantedChanges() {
    return Optional.ofNullable(planted);
  }

  @Override
  public boolean hasNext() {
    admit();
    return !active.isEmpty();
  }

  @Override
  public CapturedFrame next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Cursor cursor = active.poll();
    CapturedFrame frame = cursor.frames.get(cursor.index++);
    if (cursor.index < cursor.frames.size()) {
      active.add(cursor);
    }
    frames++;
    return frame;
  }

  /** Emits every remaining frame to {@code sink} and returns the summary. */
  public GenerationSummary generate(Consumer<CapturedFrame> sink) {
    while (hasNext()) {
      sink.accept(next());
    }
    return summary();
  }

  /**
   * What has been generated: frames emitted so far, and the connections opened so far (each one
   * counted whole when it opens). Complete once {@link #hasNext()} is false.
   */
  public GenerationSummary summary() {
    return new GenerationSummary(frames, connections, requests, statuses, resets, clientBytes,
        serverBytes, calls(Dependency.REDIS), calls(Dependency.POSTGRES), calls(Dependency.DNS));
  }

  /** Opens connections until the next one would start after the earliest pending frame. */
  private void admit() {
    while (!exhausted && (active.isEmpty() || nextStart <= active.peek().ts())) {
      open();
    }
  }

  private void open() {
    long elapsed = nextStart - config.startMicros();
    boolean over = config.history()
        ? elapsed >= config.durationMicros()
        : config.durationMicros() > 0 && elapsed > config.durationMicros();
    if (requestsLeft == 0 || over) {
      exhausted = true;
      return;
    }
    Cluster.Edge edge = arrivals.edge(nextStart, rng);
    int[] callerPods = cluster.podIps(edge.caller(), nextStart);
    int clientIp = callerPods[rng.nextInt(callerPods.length)];
    long start = dependencies == null ? nextStart
        : dependencies.before(edge, clientIp, nextStart, played);
    HttpSession.Result result = session.play(cluster, edge, clientIp, ports.next(clientIp), start,
        requestsLeft);
    connections++;
    requests += result.statuses().size();
    requestsLeft -= result.statuses().size();
    for (int status : result.statuses()) {
      statuses.merge(status, 1L, Long::sum);
    }
    resets += result.reset() ? 1 : 0;
    clientBytes += result.clientPayload();
    serverBytes += result.serverPayload();
    active.add(new Cursor(++cursors, result.frames()));
    if (dependencies != null) {
      dependencies.during(edge, result.serverIp(), nextStart, played);
      played.forEach(this::add);
      played.clear();
    }
    nextStart = arrivals.next(nextStart, rng);
  }

  /** Queues a dependency's frames; none of them is earlier than the connection that caused it. */
  private void add(PlayedConnection p) {
    connections += p.tcp() ? 1 : 0;
    clientBytes += p.clientPayload();
    serverBytes += p.serverPayload();
    dependencyCalls.merge(p.dependency(), (long) p.calls(), Long::sum);
    active.add(new Cursor(++cursors, p.frames()));
  }

  private long calls(Dependency dependency) {
    return dependencyCalls.getOrDefault(dependency, 0L);
  }
}
