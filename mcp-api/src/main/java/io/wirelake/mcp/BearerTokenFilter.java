package io.wirelake.mcp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Guards the HTTP endpoint: 401 without {@code Authorization: Bearer <token>} (compared in
 * constant time), 413 for a declared body over the limit. Bodies without a length are limited by
 * the transport itself as they are read.
 */
final class BearerTokenFilter implements Filter {

  private static final String PREFIX = "Bearer ";

  private final String token;
  private final long maxBodyBytes;

  BearerTokenFilter(String token, long maxBodyBytes) {
    this.token = token;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String header = request.getHeader("Authorization");
    String presented =
        header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
            ? header.substring(PREFIX.length()).trim()
            : null;
    if (!BearerTokens.matches(token, presented)) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"wirelake\"");
      reject(response, HttpServletResponse.SC_UNAUTHORIZED,
          header == null ? "missing Authorization: Bearer <token>" : "invalid bearer token");
      return;
    }
    if (request.getContentLengthLong() > maxBodyBytes) {
      reject(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
          "request body over " + maxBodyBytes + " bytes");
      return;
    }
    chain.doFilter(req, res);
  }

  private static void reject(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    byte[] body = ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
