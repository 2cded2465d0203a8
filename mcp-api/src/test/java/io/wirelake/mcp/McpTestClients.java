package io.wirelake.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.net.http.HttpRequest;
import java.time.Duration;

/** SDK clients for tests. */
final class McpTestClients {
  private McpTestClients() {}

  /** A Streamable HTTP client for {@code http://127.0.0.1:port/mcp} with the bearer token. */
  static McpSyncClient http(int port, String token) {
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
            .endpoint(WirelakeMcpServer.ENDPOINT)
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
            .build();
    return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(120)).build();
  }
}
