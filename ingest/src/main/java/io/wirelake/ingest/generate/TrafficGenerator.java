package io.wirelake.ingest.generate;

import io.wirelake.ingest.capture.CapturedFrame;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
 * <p>Use it as an iterator or drain it with {@link #generate(Consumer)}; {@link #summary()}
 * reports what was generated; {@link #services()} names the cluster's addresses. Not
 * thread-safe.
 */
public final class TrafficGenerator implements Iterator<CapturedFrame> {

  private static final int EPHEMERAL_LOW = 32768;
  private static final int EPHEMERAL_HIGH = 60999;

  private final GeneratorConfig config;
  private final Rng rng;
  private final Cluster cluster;
  private final HttpSession session;
  private final Arrivals arrivals;
  private final PlantedChanges planted;
  private final PriorityQueue<Cursor> active = new PriorityQueue<>(
      (a, b) -> a.ts() != b.ts() ? Long.compare(a.ts(), b.ts()) : Long.compare(a.id, b.id));
  private final Map<Integer, Integer> nextPort = new HashMap<>();
  private long nextStart;
  private boolean exhausted;
  private int requestsLeft;

  private long frames;
  private long connections;
  private long requests;
  private long resets;
  private long clientBytes;
  private long serverBytes;
  private final TreeMap<Integer, Long> statuses = new TreeMap<>();

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
    if (config.history()) {
      this.planted = PlantedChanges.plant(config, cluster);
      this.arrivals = new DailyArrivals(config, cluster, planted);
      this.session = new HttpSession(rng, new FrameBuilder(), PlantedEffects.of(planted, cluster));
    } else {
      this.planted = null;
      this.arrivals = new SteadyArrivals(cluster);
      this.session = new HttpSession(rng, new FrameBuilder());
    }
    this.nextStart = config.startMicros();
    this.requestsLeft = config.requests() > 0 && !config.history()
        ? config.requests() : Integer.MAX_VALUE;
  }

  /** The workloads of the virtual cluster: the ingress first, then the services. */
  public List<ServiceFacts> services() {
    return cluster.facts();
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
        serverBytes);
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
    int[] callerPods = cluster.service(edge.caller()).podIps();
    int clientIp = callerPods[rng.nextInt(callerPods.length)];
    HttpSession.Result result = session.play(cluster, edge, clientIp, port(clientIp), nextStart,
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
    active.add(new Cursor(connections, result.frames()));
    nextStart = arrivals.next(nextStart, rng);
  }

  /** The client pod's next ephemeral port, stepping like Linux's randomised allocator. */
  private int port(int clientIp) {
    int port = nextPort.computeIfAbsent(clientIp,
        ip -> EPHEMERAL_LOW + rng.nextInt(EPHEMERAL_HIGH - EPHEMERAL_LOW + 1));
    int next = port + rng.between(1, 7);
    nextPort.put(clientIp, next > EPHEMERAL_HIGH ? EPHEMERAL_LOW + (next - EPHEMERAL_HIGH) : next);
    return port;
  }
}
