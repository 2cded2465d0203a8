package io.wirelake.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.wirelake.mcp.testing.TrafficFixture;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tools over stdio, the server in a child JVM as an MCP host would start it. */
class StdioTransportTest extends ToolContract {

  @TempDir static Path data;
  static McpSyncClient client;
  static final List<String> stderr = java.util.Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void startServerProcess() throws Exception {
    FIXTURE.write(data);
    List<String> command = new ArrayList<>();
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions")) {
        command.add(arg);
      }
    }
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StdioServerMain.class.getName());
    command.add(data.toString());
    command.add(TrafficFixture.NOW.toString());
    ServerParameters params = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
        .args(command)
        .build();
    StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
    transport.setStdErrorHandler(stderr::add);
    client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
    client.initialize();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.closeGracefully();
    }
  }

  @Override
  Path data() {
    return data;
  }

  @Override
  String expectedCaller() {
    return "stdio";
  }

  @Override
  McpSyncClient client() {
    return client;
  }

  @Test
  void serverIdentifiesItself() {
    assertThat(client.getServerInfo().name()).isEqualTo("wirelake");
    assertThat(client.getServerInstructions()).contains("get_data_boundaries");
  }
}
