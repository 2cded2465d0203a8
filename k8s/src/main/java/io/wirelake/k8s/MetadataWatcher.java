package io.wirelake.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import io.wirelake.schemas.WorkloadEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a cluster's pods, services, EndpointSlices and nodes and emits every change as a {@link WorkloadEvent}
 * stamped with the injected clock (its observation time), so that captured addresses can be resolved as of the
 * moment of each packet. ReplicaSets are followed too, only to resolve pod owners to their Deployments.
 *
 * <p>One thread per resource: list (paged) then watch from the list's resource version, resuming each watch
 * from the last version seen (bookmarks included). When the API server answers {@code 410 Gone} (an
 * {@code ERROR} event whose Status has code 410, or an HTTP 410) the resource is listed again and the
 * difference between what was known and the new list is emitted, so objects that vanished while the watch was
 * broken come out as {@code deleted}. A watch event that changes nothing wirelake keeps (a pod's conditions)
 * emits nothing. Failures are logged and retried with exponential backoff; {@link #close()} stops promptly by
 * cancelling the open requests.
 *
 * <p>The sink is called from several threads, one call at a time. If it throws, the change is not taken as
 * known and, after the backoff, the watch resumes from before it (or the list is repeated), so the change is
 * offered again.
 */
public final class MetadataWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataWatcher.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String[] AUTH = {"BearerToken"};

  /** What is followed: Kubernetes kind and the cluster-wide collection path. */
  enum Resource {
    REPLICASETS("ReplicaSet", "/apis/apps/v1/replicasets"),
    PODS("Pod", "/api/v1/pods"),
    SERVICES("Service", "/api/v1/services"),
    ENDPOINTSLICES("EndpointSlice", "/apis/discovery.k8s.io/v1/endpointslices"),
    NODES("Node", "/api/v1/nodes");

    final String kind;
    final String path;

    Resource(String kind, String path) {
      this.kind = kind;
      this.path = path;
    }
  }

  /**
   * Tuning: list page size, the server-side watch timeout, retry backoff, and how long pods wait for the first
   * ReplicaSet list (without it they are still resolved, by the pod-template-hash rule).
   */
  record Settings(int pageSize, int watchTimeoutSeconds, Duration initialBackoff, Duration maxBackoff,
      Duration replicaSetWait) {
    static final Settings DEFAULT =
        new Settings(500, 300, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  private final ApiClient client;
  private final OkHttpClient listHttp;
  private final OkHttpClient watchHttp;
  private final Clock clock;
  private final Consumer<WorkloadEvent> sink;
  private final Settings settings;
  private final Map<String, String> replicaSetOwners = new ConcurrentHashMap<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final CountDownLatch replicaSetsListed = new CountDownLatch(1);
  private final CountDownLatch synced = new CountDownLatch(Resource.values().length);
  private final AtomicLong emitted = new AtomicLong();
  private final Object sinkLock = new Object();
  private final List<Loop> loops = new ArrayList<>();

  private MetadataWatcher(ApiClient client, Clock clock, Consumer<WorkloadEvent> sink, Settings settings) {
    this.client = client;
    this.clock = clock;
    this.sink = sink;
    this.settings = settings;
    OkHttpClient base = client.getHttpClient();
    this.listHttp = base.newBuilder().readTimeout(Duration.ofSeconds(120)).build();
    this.watchHttp = base.newBuilder().readTimeout(Duration.ofSeconds(settings.watchTimeoutSeconds() + 60L)).build();
  }

  /**
   * Starts following the cluster {@code client} points at (see {@link KubeClients#connect}); events go to
   * {@code sink}, stamped with {@code clock}, until {@link #close()}.
   */
  public static MetadataWatcher start(ApiClient client, Clock clock, Consumer<WorkloadEvent> sink) {
    return start(client, clock, sink, Settings.DEFAULT);
  }

  static MetadataWatcher start(ApiClient client, Clock clock, Consumer<WorkloadEvent> sink, Settings settings) {
    MetadataWatcher w = new MetadataWatcher(client, clock, sink, settings);
    for (Resource r : Resource.values()) {
      Loop loop = w.new Loop(r);
      Thread t = new Thread(loop, "k8s-watch-" + r.name().toLowerCase());
      t.setDaemon(true);
      loop.thread = t;
      w.loops.add(loop);
    }
    w.loops.forEach(l -> l.thread.start());
    return w;
  }

  /** Waits until every resource has been listed once (its objects emitted as {@code added}). */
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    return synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** How many events have been handed to the sink. */
  public long eventsEmitted() {
    return emitted.get();
  }

  /** The API server followed. */
  public String server() {
    return client.getBasePath();
  }

  /** Stops every resource's thread: cancels open lists and watches, and waits for the threads to end. */
  @Override
  public void close() {
    if (closed.getCount() == 0) {
      return;
    }
    closed.countDown();
    for (Loop l : loops) {
      Call c = l.current;
      if (c != null) {
        c.cancel();
      }
    }
    for (Loop l : loops) {
      try {
        l.thread.join(5_000);
        if (l.thread.isAlive()) {
          l.thread.interrupt(); // stuck in the sink
          l.thread.join(2_000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private boolean isClosed() {
    return closed.getCount() == 0;
  }

  /** Waits {@code d} unless closed first; true when closed. */
  private boolean pause(Duration d) {
    try {
      return closed.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private void emit(WorkloadEvent e) {
    synchronized (sinkLock) {
      sink.accept(e);
    }
    emitted.incrementAndGet();
  }

  /** The API said the resource version is too old: list again. */
  private static final class Gone extends Exception {
    Gone(String message) {
      super(message, null, false, false);
    }
  }

  /** List then watch of one resource, forever. */
  private final class Loop implements Runnable {
    final Resource resource;
    final Map<String, ObjectState> known = new HashMap<>();
    final Map<String, String> knownReplicaSets = new HashMap<>();
    volatile Call current;
    Thread thread;
    String resourceVersion;
    boolean listedOnce;

    Loop(Resource resource) {
      this.resource = resource;
    }

    @Override
    public void run() {
      if (resource == Resource.PODS) {
        awaitReplicaSets();
      }
      Duration backoff = settings.initialBackoff();
      while (!isClosed()) {
        try {
          if (resourceVersion == null) {
            relist();
            if (!listedOnce) {
              listedOnce = true;
              synced.countDown();
              if (resource == Resource.REPLICASETS) {
                replicaSetsListed.countDown();
              }
            }
          }
          if (watch() > 0) {
            backoff = settings.initialBackoff();
          } else if (pause(settings.initialBackoff())) {
            return; // an empty watch: do not spin against a server that closes at once
          }
        } catch (Gone g) {
          LOG.info("{}: {}; listing again", resource.path, g.getMessage());
          if (resourceVersion == null && pause(backoff)) {
            return; // the list itself was refused: not again at once
          }
          resourceVersion = null;
        } catch (Exception e) {
          if (isClosed()) {
            return;
          }
          LOG.warn("{}: {}; retrying in {} ms", resource.path, e.toString(), backoff.toMillis());
          if (pause(backoff)) {
            return;
          }
          backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff.multipliedBy(2);
        }
      }
    }

    private void awaitReplicaSets() {
      long deadline = System.nanoTime() + settings.replicaSetWait().toNanos();
      try {
        while (!isClosed() && System.nanoTime() - deadline < 0
            && !replicaSetsListed.await(100, TimeUnit.MILLISECONDS)) {
          // waiting for pod owners
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Lists every page, emits the difference from what was known, and takes the list's version. */
    private void relist() throws IOException, Gone {
      List<JsonNode> items = new ArrayList<>();
      String version = null;
      String cont = null;
      int restarts = 0;
      do {
        List<Pair> query = new ArrayList<>();
        query.add(new Pair("limit", Integer.toString(settings.pageSize())));
        if (cont != null) {
          query.add(new Pair("continue", cont));
        }
        JsonNode page;
        try {
          page = getJson(resource.path, query);
        } catch (Gone g) {
          if (cont == null || ++restarts > 3) {
            throw g;
          }
          items.clear(); // the continue token expired: start the list over
          cont = null;
          continue;
        }
        for (JsonNode item : page.path("items")) {
          items.add(item);
        }
        version = page.path("metadata").path("resourceVersion").asText(null);
        cont = page.path("metadata").path("continue").asText("");
        cont = cont.isEmpty() ? null : cont;
      } while (cont != null);
      if (resource == Resource.REPLICASETS) {
        Map<String, String> fresh = new HashMap<>();
        for (JsonNode rs : items) {
          fresh.put(KubeObjects.namespacedName(rs), KubeObjects.replicaSetWorkload(rs));
        }
        knownReplicaSets.keySet().stream().filter(k -> !fresh.containsKey(k)).forEach(replicaSetOwners::remove);
        replicaSetOwners.putAll(fresh);
        knownReplicaSets.clear();
        knownReplicaSets.putAll(fresh);
      } else {
        Map<String, ObjectState> fresh = new LinkedHashMap<>();
        for (JsonNode item : items) {
          KubeObjects.state(resource.kind, item, replicaSetOwners).ifPresent(s -> fresh.put(s.key(), s));
        }
        List<WorkloadEvent> events = StateDiff.diff(known, fresh, now());
        events.forEach(MetadataWatcher.this::emit);
        known.clear();
        known.putAll(fresh);
      }
      resourceVersion = version == null || version.isEmpty() ? "0" : version;
      LOG.debug("{}: listed {} objects at version {}", resource.path, items.size(), resourceVersion);
    }

    /** One watch request; returns the number of events it delivered when the server ends it. */
    private int watch() throws IOException, Gone {
      List<Pair> query = new ArrayList<>();
      query.add(new Pair("watch", "true"));
      query.add(new Pair("resourceVersion", resourceVersion));
      query.add(new Pair("allowWatchBookmarks", "true"));
      query.add(new Pair("timeoutSeconds", Integer.toString(settings.watchTimeoutSeconds())));
      int events = 0;
      try (Response response = execute(watchHttp, resource.path, query)) {
        check(response);
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(response.body().byteStream())) {
          while (!isClosed() && it.hasNextValue()) {
            handle(it.nextValue());
            events++;
          }
        }
      } catch (IOException e) {
        if (!isClosed()) {
          throw e;
        } // cancelled by close()
      }
      return events;
    }

    private void handle(JsonNode event) throws IOException, Gone {
      String type = event.path("type").asText("");
      JsonNode object = event.path("object");
      switch (type) {
        case "ADDED", "MODIFIED" -> apply(object, false);
        case "DELETED" -> apply(object, true);
        case "BOOKMARK" -> { }
        case "ERROR" -> {
          int code = object.path("code").asInt(0);
          if (code == 410) {
            throw new Gone("watch expired (410 Gone: " + object.path("message").asText("") + ")");
          }
          resourceVersion = null; // an error we cannot resume from: list again after the backoff
          throw new IOException("watch error " + code + ": " + object.path("message").asText(object.toString()));
        }
        default -> LOG.debug("{}: ignoring watch event of type {}", resource.path, type);
      }
      String version = object.path("metadata").path("resourceVersion").asText("");
      if (!version.isEmpty()) {
        resourceVersion = version;
      }
    }

    private void apply(JsonNode object, boolean deleted) {
      if (resource == Resource.REPLICASETS) {
        String key = KubeObjects.namespacedName(object);
        if (deleted) {
          knownReplicaSets.remove(key);
          replicaSetOwners.remove(key);
        } else {
          String workload = KubeObjects.replicaSetWorkload(object);
          knownReplicaSets.put(key, workload);
          replicaSetOwners.put(key, workload);
        }
        return;
      }
      Optional<ObjectState> state = KubeObjects.state(resource.kind, object, replicaSetOwners);
      if (state.isEmpty()) {
        return;
      }
      ObjectState s = state.get();
      ObjectState before = known.get(s.key());
      if (deleted) {
        if (before != null) {
          emit(s.toEvent(ObjectState.DELETED, now()));
          known.remove(s.key());
        }
        return;
      }
      if (before == null) {
        emit(s.toEvent(ObjectState.ADDED, now()));
      } else if (!before.equals(s)) {
        emit(s.toEvent(ObjectState.MODIFIED, now()));
      }
      known.put(s.key(), s);
    }

    private JsonNode getJson(String path, List<Pair> query) throws IOException, Gone {
      try (Response response = execute(listHttp, path, query)) {
        check(response);
        return MAPPER.readTree(response.body().byteStream());
      }
    }

    private void check(Response response) throws IOException, Gone {
      if (response.code() == 410) {
        throw new Gone("HTTP 410 Gone from " + resource.path);
      }
      if (!response.isSuccessful()) {
        String body = response.body().string();
        throw new IOException("HTTP " + response.code() + " from " + resource.path + ": "
            + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
      }
    }

    private Response execute(OkHttpClient http, String path, List<Pair> query) throws IOException {
      Request request;
      try {
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", "application/json");
        request = client.buildRequest(client.getBasePath(), path, "GET", query, new ArrayList<>(), null, headers,
            new HashMap<>(), new HashMap<>(), AUTH, null);
      } catch (ApiException e) {
        throw new IOException("cannot build the request for " + path + ": " + e.getMessage(), e);
      }
      Call call = http.newCall(request);
      current = call;
      if (isClosed()) {
        call.cancel();
      }
      return call.execute();
    }
  }
}
