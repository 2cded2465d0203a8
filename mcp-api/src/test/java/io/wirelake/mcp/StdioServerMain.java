package io.wirelake.mcp;

import io.wirelake.lakehouse.catalog.CatalogSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** The server a stdio test spawns as a child JVM: {@code <data dir> <now as ISO instant>}. */
public final class StdioServerMain {
  public static void main(String[] args) throws Exception {
    Clock clock = Clock.fixed(Instant.parse(args[1]), ZoneOffset.UTC);
    try (WirelakeMcpServer server = new WirelakeMcpServer(CatalogSettings.embedded(Path.of(args[0])), clock)) {
      server.serveStdio();
    }
  }
}
