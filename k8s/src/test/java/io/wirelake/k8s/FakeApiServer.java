package io.wirelake.k8s;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP server that speaks the Kubernetes API's JSON for a few collections: a GET returns the recorded
 * list, a GET with {@code watch=true} streams the watch events the test pushes, one JSON object per line, until
 * the test ends the stream or an {@code ERROR} event is sent (as the API server ends a watch after one). A watch
 * request can also be answered with an HTTP error once.
 */
final class FakeApiServer implements AutoCloseable {
  private static final String END = "\u0000end";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-apiserver");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Collection> collections = new ConcurrentHashMap<>();
  private final List<String> requests = new ArrayList<>();
  private final List<String> authorizations = new ArrayList<>();
  private volatile boolean stopping;

  private static final class Collection {
    volatile String list;
    final BlockingQueue<String> watch = new LinkedBlockingQueue<>();
    volatile int failNextWatchWith;
  }

  FakeApiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The list returned for {@code path} from now on. */
  void list(String path, String json) {
    collection(path).list = json;
  }

  /** One watch event for the open (or next) watch of {@code path}. */
  void push(String path, String type, String objectJson) {
    collection(path).watch.add("{\"type\":\"" + type + "\",\"object\":" + objectJson + "}");
  }

  /** Ends the current watch of {@code path} normally, as a server-side timeout does. */
  void endWatch(String path) {
    collection(path).watch.add(END);
  }

  /** Answers the next watch request of {@code path} with this HTTP status and a Status object. */
  void failNextWatch(String path, int status) {
    collection(path).failNextWatchWith = status;
  }

  /** Every request so far, as path and raw query. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The Authorization header of every request so far ("null" where there was none). */
  List<String> authorizations() {
    synchronized (requests) {
      return List.copyOf(authorizations);
    }
  }

  private Collection collection(String path) {
    return collections.computeIfAbsent(path, p -> new Collection());
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
    synchronized (requests) {
      requests.add(path + "?" + query);
      authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
    }
    Collection c = collections.get(path);
    try (ex) {
      if (c == null || c.list == null) {
        respond(ex, 404, status(404, "NotFound", "the server could not find the requested resource"));
        return;
      }
      if (!query.contains("watch=true")) {
        respond(ex, 200, c.list);
        return;
      }
      int fail = c.failNextWatchWith;
      if (fail != 0) {
        c.failNextWatchWith = 0;
        respond(ex, fail, status(fail, fail == 410 ? "Expired" : "InternalError", "too old resource version"));
        return;
      }
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      while (!stopping) {
        String line = c.watch.poll(50, TimeUnit.MILLISECONDS);
        if (line == null) {
          continue;
        }
        if (line.equals(END)) {
          break;
        }
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (line.startsWith("{\"type\":\"ERROR\"")) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client went away
    }
  }

  static String status(int code, String reason, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
        + message + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  @Override
  public void close() {
    stopping = true;
    server.stop(0);
    executor.shutdownNow();
  }
}
