package io.wirelake.mcp;

/**
 * How to serve MCP over Streamable HTTP.
 *
 * @param bind the address to listen on; 127.0.0.1 unless the server must be reachable from
 *     elsewhere
 * @param port the TCP port; 0 for any free port
 * @param token the bearer token every request must carry ({@code Authorization: Bearer <token>})
 * @param stateless true for the stateless transport (no sessions, so several replicas can serve
 *     behind a load balancer); false for sessions and server-to-client streams
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 */
public record HttpSettings(String bind, int port, String token, boolean stateless, int maxBodyBytes) {

  /** The default bind address: this machine only. */
  public static final String LOOPBACK = "127.0.0.1";

  /** The default request body limit, 1 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  public HttpSettings {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "MCP over HTTP needs a token: pass --token or set WIRELAKE_TOKEN; clients then send 'Authorization: Bearer <token>'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
    }
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
    bind = bind == null || bind.isBlank() ? LOOPBACK : bind;
  }

  /** Loopback, 1 MiB bodies. */
  public static HttpSettings of(int port, String token, boolean stateless) {
    return new HttpSettings(LOOPBACK, port, token, stateless, DEFAULT_MAX_BODY_BYTES);
  }

  /** Like the record's, with the token masked. */
  @Override
  public String toString() {
    return "HttpSettings[bind=" + bind + ", port=" + port + ", token=****, stateless=" + stateless
        + ", maxBodyBytes=" + maxBodyBytes + "]";
  }
}
