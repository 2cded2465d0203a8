package io.wirelake.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Apache Iceberg's REST catalog server ({@code org.apache.iceberg.rest.RESTCatalogServer}, the server of the
 * {@code apache/iceberg-rest-fixture} image, from {@code iceberg-open-api:test-fixtures}) in a child JVM,
 * configured the way that image is: {@code CATALOG_*} environment variables. Its backend is a JdbcCatalog on a
 * SQLite file, its warehouse a local directory that every process of the test reads and writes directly.
 */
public final class RestCatalogProcess implements AutoCloseable {
  private final ChildJvm jvm;
  private final int port;
  private final Path warehouse;

  private RestCatalogProcess(ChildJvm jvm, int port, Path warehouse) {
    this.jvm = jvm;
    this.port = port;
    this.warehouse = warehouse;
  }

  /** Starts the server under {@code dir} (warehouse/, catalog.db, rest-catalog.log) and waits until it answers. */
  public static RestCatalogProcess start(Path dir, String classpath, Duration timeout) throws IOException {
    Path warehouse = Files.createDirectories(dir.resolve("warehouse")).toAbsolutePath();
    int port = Ports.free();
    Map<String, String> env = Map.of(
        "CATALOG_REST_PORT", String.valueOf(port),
        "CATALOG_WAREHOUSE", warehouse.toString(),
        "CATALOG_URI", "jdbc:sqlite:file:" + dir.toAbsolutePath().resolve("catalog.db"),
        "CATALOG_JDBC_SCHEMA__VERSION", "V1");
    ChildJvm jvm = ChildJvm.start("rest-catalog", classpath,
        List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
        "org.apache.iceberg.rest.RESTCatalogServer", List.of(), env, dir.resolve("rest-catalog.log"));
    RestCatalogProcess server = new RestCatalogProcess(jvm, port, warehouse);
    try {
      server.awaitReady(timeout);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  public String uri() {
    return "http://127.0.0.1:" + port;
  }

  public Path warehouse() {
    return warehouse;
  }

  /** The catalog properties a client (the job, a reader) needs: {@code type=rest}, {@code uri}. */
  public Map<String, String> clientProperties() {
    return Map.of("type", "rest", "uri", uri());
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!jvm.isAlive()) {
        throw new IllegalStateException("the REST catalog server exited; see " + jvm.log());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri() + "/v1/config")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the REST catalog server did not answer within " + timeout.toSeconds()
            + " s; see " + jvm.log());
      }
      Ports.sleep(200);
    }
  }

  @Override
  public void close() {
    jvm.close();
  }
}
