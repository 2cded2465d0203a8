package io.wirelake.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.mcp.testing.TrafficFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tools over Streamable HTTP (sessions), plus authentication, body limits and run_sql. */
class HttpTransportTest extends ToolContract {

  static final String TOKEN = "test-token-" + "x".repeat(20);

  @TempDir static Path data;
  static WirelakeMcpServer server;
  static HttpEndpoint endpoint;
  static McpSyncClient client;

  @BeforeAll
  static void startServer() throws Exception {
    FIXTURE.write(data);
    server = new WirelakeMcpServer(CatalogSettings.embedded(data), Clock.fixed(TrafficFixture.NOW, ZoneOffset.UTC));
    endpoint = server.serveHttp(HttpSettings.of(0, TOKEN, stateless()));
    client = client(TOKEN);
    client.initialize();
  }

  static boolean stateless() {
    return false;
  }

  static McpSyncClient client(String token) {
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + endpoint.port())
            .endpoint(WirelakeMcpServer.ENDPOINT)
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
            .build();
    return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(120)).build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.closeGracefully();
    }
    if (endpoint != null) {
      endpoint.close();
    }
    if (server != null) {
      System.out.println("audit append, mean per tool call: " + server.meanAuditMicros() + " us");
      server.close();
    }
  }

  @Override
  Path data() {
    return data;
  }

  @Override
  String expectedCaller() {
    return AuditLog.tokenCaller(TOKEN);
  }

  @Override
  McpSyncClient client() {
    return client;
  }

  static HttpResponse<String> post(String authorization, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.uri())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  @Test
  void requestsWithoutTheRightTokenGet401() throws Exception {
    HttpResponse<String> none = post(null, INITIALIZE);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(post("Bearer wrong", INITIALIZE).statusCode()).isEqualTo(401);
    assertThat(post("Bearer " + TOKEN + "x", INITIALIZE).statusCode()).isEqualTo(401);
    assertThat(post("Basic " + TOKEN, INITIALIZE).statusCode()).isEqualTo(401);
    assertThat(post("Bearer " + TOKEN, INITIALIZE).statusCode()).isEqualTo(200);
  }

  @Test
  void clientWithAWrongTokenCannotConnect() {
    McpSyncClient wrong = client("wrong");
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(wrong::initialize).isInstanceOf(RuntimeException.class);
    } finally {
      wrong.close();
    }
  }

  @Test
  void bodiesOverOneMebibyteAreRefused() throws Exception {
    String padding = "x".repeat(HttpSettings.DEFAULT_MAX_BODY_BYTES + 1);
    String body = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\",\"params\":{\"pad\":\"" + padding + "\"}}";
    assertThat(post("Bearer " + TOKEN, body).statusCode()).isEqualTo(413);
  }

  @Test
  void tokensCompareByValue() {
    assertThat(BearerTokens.matches("abc", "abc")).isTrue();
    assertThat(BearerTokens.matches("abc", "abd")).isFalse();
    assertThat(BearerTokens.matches("abc", "abcd")).isFalse();
    assertThat(BearerTokens.matches("abc", null)).isFalse();
    assertThat(BearerTokens.generate()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(BearerTokens.generate());
  }

  @Test
  void runSqlAnswersQueriesAndRefusesEverythingElse() {
    Map<String, Object> content = ok("run_sql", args("query", "SELECT count(*) AS n FROM l7_transactions WHERE status >= 500"));
    long expected = FIXTURE.allCalls().stream().filter(c -> c.status() != null && c.status() >= 500).count();
    assertThat(num(rows(content).get(0).get("n"))).isEqualTo(expected);
    Map<String, Object> limited = ok("run_sql", args("query", "SELECT id FROM l7_transactions", "max_rows", 3));
    assertThat(rows(limited)).hasSize(3);
    assertThat(limited.get("truncated")).isEqualTo(true);
    assertThat(error("run_sql", args("query", "DROP TABLE l7_transactions"))).contains("query");
    assertThat(error("run_sql", args("query", "SELECT 1", "max_rows", 0))).contains("max_rows");
  }
}
