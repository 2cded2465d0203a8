package io.wirelake.mcp;

import io.modelcontextprotocol.client.McpSyncClient;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.mcp.testing.TrafficFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The tools over the stateless HTTP transport that replicas use. */
class StatelessHttpTransportTest extends ToolContract {

  @TempDir static Path data;
  static WirelakeMcpServer server;
  static HttpEndpoint endpoint;
  static McpSyncClient client;

  @BeforeAll
  static void startServer() throws Exception {
    FIXTURE.write(data);
    server = new WirelakeMcpServer(CatalogSettings.embedded(data), Clock.fixed(TrafficFixture.NOW, ZoneOffset.UTC));
    endpoint = server.serveHttp(HttpSettings.of(0, HttpTransportTest.TOKEN, true));
    HttpTransportTest.endpoint = endpoint;
    client = HttpTransportTest.client(HttpTransportTest.TOKEN);
    client.initialize();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.closeGracefully();
    }
    endpoint.close();
    server.close();
  }

  @Override
  Path data() {
    return data;
  }

  @Override
  String expectedCaller() {
    return AuditLog.tokenCaller(HttpTransportTest.TOKEN);
  }

  @Override
  McpSyncClient client() {
    return client;
  }
}
