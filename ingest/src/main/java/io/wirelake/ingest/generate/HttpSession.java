package io.wirelake.ingest.generate;

import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.ingest.generate.Route.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Plays one keep-alive HTTP/1.1 connection between two pods: a handshake, one or more
 * request/response exchanges with think times between them, then a FIN close by either side
 * (the server closes after a 503 or a Connection: close) or, rarely, an RST from the client.
 */
final class HttpSession {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final String JWT_HEADER = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.";
  private static final byte[] HEALTH_BODY = "ok".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] UNAVAILABLE_BODY =
      "upstream connect error or disconnect/reset before headers. reset reason: overflow"
          .getBytes(StandardCharsets.US_ASCII);
  private static final int[] CHUNK_SIZES = {4096, 8192, 16000};

  /** What the session produced. */
  record Result(List<CapturedFrame> frames, List<Integer> statuses, boolean reset,
      long clientPayload, long serverPayload, int serverIp) {}

  private final Rng rng;
  private final FrameBuilder builder;
  private final PlantedEffects effects;

  HttpSession(Rng rng, FrameBuilder builder) {
    this(rng, builder, PlantedEffects.NONE);
  }

  HttpSession(Rng rng, FrameBuilder builder, PlantedEffects effects) {
    this.rng = rng;
    this.builder = builder;
    this.effects = effects;
  }

  /** Plays at most {@code maxRequests} (at least 1) exchanges starting at {@code start}. */
  Result play(Cluster cluster, Cluster.Edge edge, int clientIp, int clientPort, long start,
      int maxRequests) {
    Service callee = cluster.service(edge.callee());
    int[] pods = cluster.podIps(edge.callee(), start);
    int serverIp = pods[rng.nextInt(pods.length)];
    long clientRtt = clamp(rng.logNormal(40, 0.5), 8, 400);
    long serverRtt = clamp(rng.logNormal(70, 0.6), 10, 600);
    TcpConnection tcp = new TcpConnection(builder, rng, clientIp, clientPort, serverIp,
        callee.port(), clientRtt, serverRtt);
    int planned = Math.min(maxRequests, rng.chance(0.35) ? 1 : rng.between(2, 8));
    List<Integer> statuses = new ArrayList<>(planned);
    String userAgent = cluster.userAgent(edge.caller());

    long t = tcp.open(start) + rng.between(5, 60);
    boolean serverClosed = false;
    for (int i = 0; i < planned && !serverClosed; i++) {
      if (i > 0) {
        t += 50 + (long) rng.exponential(2_000);
      }
      Route route = callee.pickRoute(rng);
      String requestId = uuid();
      String bearer = (route.authorized() ? rng.chance(0.85) : rng.chance(0.1)) ? token() : null;
      boolean conditional = (route.kind() == Kind.READ || route.kind() == Kind.BLOB)
          && rng.chance(0.25);
      String etag = conditional ? etag() : null;
      byte[] requestBody = route.requestBody() > 0
          ? Bodies.json(rng, (int) clamp(rng.logNormal(route.requestBody(), 0.5), 20, 20_000))
          : null;
      byte[] request = HttpMessages.request(route.method(), target(route), callee.host(),
          userAgent, requestId, bearer, etag, requestBody);

      int status = effects.fails(edge.callee(), route, t, rng) ? 500 : status(route, conditional);
      long latency = effects.latency(edge.callee(), t, latency(route, status), rng);
      boolean close = status == 503 || (i == planned - 1 && rng.chance(0.1));
      long requestEnd = tcp.send(true, request, t, latency > 2_000);
      long responseStart = requestEnd + serverRtt + latency;
      byte[] response = response(route, status, responseStart, callee, requestId, close);
      long responseEnd = tcp.send(false, response, responseStart, true);
      statuses.add(status);
      t = responseEnd + clientRtt + rng.between(10, 40);
      if (close) {
        tcp.closeByServer(responseEnd + rng.between(5, 30));
        serverClosed = true;
      }
    }
    boolean reset = false;
    if (!serverClosed) {
      if (rng.chance(0.03)) {
        tcp.resetByClient(t + rng.between(20, 500));
        reset = true;
      } else {
        tcp.closeByClient(t + rng.between(100, 5_000));
      }
    }
    return new Result(tcp.frames(), statuses, reset, tcp.clientPayload(), tcp.serverPayload(),
        serverIp);
  }

  private int status(Route route, boolean conditional) {
    double r = rng.nextDouble();
    switch (route.kind()) {
      case HEALTH:
        return 200;
      case READ:
      case BLOB:
        if (conditional && r < 0.4) {
          return 304;
        }
        return r < 0.06 ? 404 : r < 0.075 ? 500 : r < 0.085 ? 503 : 200;
      case LIST:
        return r < 0.01 ? 500 : r < 0.025 ? 503 : 200;
      case CREATE:
        return r < 0.02 ? 500 : r < 0.03 ? 503 : 201;
      case UPDATE:
      case DELETE:
        return r < 0.05 ? 404 : r < 0.06 ? 500 : 204;
      default:
        throw new AssertionError(route.kind());
    }
  }

  private long latency(Route route, int status) {
    if (status == 503) {
      return clamp(rng.logNormal(400, 0.5), 50, 5_000);
    }
    double median = status == 404 || status == 304
        ? route.latencyMedianMicros() * 0.4
        : route.latencyMedianMicros();
    return clamp(rng.logNormal(median, route.latencySigma()), 20, 2_000_000);
  }

  private byte[] response(Route route, int status, long ts, Service callee, String requestId,
      boolean close) {
    byte[] body;
    String contentType = "application/json";
    int chunkSize = 0;
    String etag = null;
    switch (status) {
      case 200:
      case 201:
        if (route.kind() == Kind.HEALTH) {
          body = HEALTH_BODY;
          contentType = "text/plain";
        } else if (route.kind() == Kind.BLOB) {
          body = Bodies.binary(rng, (int) clamp(rng.logNormal(route.responseBody(), 0.6), 500,
              400_000));
          contentType = route.contentType();
        } else {
          body = Bodies.json(rng, (int) clamp(rng.logNormal(route.responseBody(), 0.6), 40,
              200_000));
        }
        if (status == 200 && route.kind() != Kind.HEALTH) {
          etag = etag();
          if (rng.chance(route.chunkedShare())) {
            chunkSize = CHUNK_SIZES[rng.nextInt(CHUNK_SIZES.length)];
          }
        }
        break;
      case 404:
      case 500:
        body = Bodies.error(status, requestId);
        break;
      case 503:
        body = UNAVAILABLE_BODY;
        contentType = "text/plain";
        break;
      default:
        body = null;
        break;
    }
    return HttpMessages.response(status, ts, callee.serverHeader(), requestId, contentType, body,
        chunkSize, etag, close);
  }

  private String target(Route route) {
    return route.path()
        .replace("{id}", Integer.toString(rng.between(1, 99_999)))
        .replace("{n}", Integer.toString(rng.between(1, 20)));
  }

  private String uuid() {
    long hi = rng.nextLong();
    long lo = rng.nextLong();
    hi = (hi & ~0xf000L) | 0x4000L;
    lo = (lo & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  private String token() {
    byte[] claims = new byte[48];
    byte[] signature = new byte[32];
    fill(claims);
    fill(signature);
    return JWT_HEADER + BASE64URL.encodeToString(claims) + "."
        + BASE64URL.encodeToString(signature);
  }

  private String etag() {
    return "\"" + Long.toHexString(rng.nextLong() >>> 8) + "\"";
  }

  private void fill(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) rng.nextInt(256);
    }
  }

  private static long clamp(double v, long min, long max) {
    return Math.max(min, Math.min(max, Math.round(v)));
  }
}
