package io.wirelake.mcp;

import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A running MCP HTTP endpoint: where it listens, and how to stop it. */
public final class HttpEndpoint implements AutoCloseable {

  private final Server jetty;
  private final Runnable closeServer;
  private final String host;

  HttpEndpoint(Server jetty, Runnable closeServer, String host) {
    this.jetty = jetty;
    this.closeServer = closeServer;
    this.host = host;
  }

  /** The port it listens on (the chosen one when asked for port 0). */
  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** The MCP endpoint, e.g. {@code http://127.0.0.1:8765/mcp}. */
  public URI uri() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return URI.create("http://" + h + ":" + port() + WirelakeMcpServer.ENDPOINT);
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  @Override
  public void close() {
    try {
      closeServer.run();
    } finally {
      try {
        jetty.stop();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop the HTTP server", e);
      }
    }
  }
}
