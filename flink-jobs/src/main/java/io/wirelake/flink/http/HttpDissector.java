package io.wirelake.flink.http;

import io.wirelake.flink.l7.L7Context;
import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.tcp.DissectionConfig;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * HTTP/1.x over one connection's reassembled byte streams: a parser per direction and FIFO pairing of
 * responses to requests (pipelining included).
 *
 * <p>Framing: Content-Length, chunked (with trailers; body sizes are the de-chunked length), bodies ended by
 * the connection close (completed by the server's FIN in sequence order, else at the end of the connection),
 * no body for HEAD, 1xx, 204 and 304. 1xx interim responses (100 Continue) are skipped, the final response is
 * paired. A 101 or a 2xx to CONNECT ends the dissection (tunnel).
 *
 * <p>Times: a message completes at the time of the data chunk holding its last byte, i.e. the packet that
 * made that byte deliverable (tshark's "frame that completes the PDU" with out-of-order reassembly):
 * {@code latency = response completion - request completion} (tshark {@code http.time}); {@code ttfb =
 * first byte of the final response - request completion}.
 *
 * <p>Gaps: a hole inside a Content-Length body keeps the framing (the exchange gets an error); any other hole
 * ends the message with an error and the parser resynchronises on the next line that starts a request
 * (method + space) or a response ({@code HTTP/1.}).
 */
public final class HttpDissector implements L7Dissector {
  public static final String PROTOCOL = "http/1.1";

  private int bodyCap;
  private int maxHeaderBytes;
  private DissectionConfig masking;
  private HttpHalf req = new HttpHalf();
  private HttpHalf resp = new HttpHalf();
  private ArrayDeque<HttpExchange> open = new ArrayDeque<>();
  private HttpExchange curReq;
  private HttpExchange curResp;
  /** A 101 or CONNECT 2xx was seen: the rest of the connection is not HTTP/1.x. */
  private boolean tunnel;

  HttpDissector() {}

  public HttpDissector(DissectionConfig config) {
    this.bodyCap = config.bodyCapBytes();
    this.maxHeaderBytes = config.maxHeaderBytes();
    this.masking = config;
  }

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public void onData(int direction, byte[] buf, int off, int len, long ts, L7Context ctx) {
    HttpHalf h = direction == C2S ? req : resp;
    int p = off;
    int end = off + len;
    while (p < end) {
      switch (h.state) {
        case HttpHalf.DEAD:
          return;
        case HttpHalf.RESYNC: {
          int q = findMessageStart(direction, h, buf, p, end);
          if (q < 0) {
            return;
          }
          p = q;
          h.state = HttpHalf.START;
          break;
        }
        case HttpHalf.START: {
          byte c = buf[p];
          if (c == '\r' || c == '\n') {
            p++;
            break;
          }
          startMessage(direction, h, ts, ctx);
          break;
        }
        case HttpHalf.HEADERS: {
          int i = p;
          boolean done = false;
          while (i < end) {
            byte c = buf[i++];
            if (c == '\n') {
              if (h.lineLen == 0) {
                done = true;
                break;
              }
              h.lineLen = 0;
            } else if (c != '\r') {
              h.lineLen++;
            }
          }
          if (!appendHeader(h, buf, p, i - p)) {
            malformed(direction, h, "header block too large", ts, ctx);
            p = i;
            break;
          }
          p = i;
          if (done) {
            headersComplete(direction, h, ts, ctx);
          }
          break;
        }
        case HttpHalf.BODY_LENGTH:
        case HttpHalf.CHUNK_DATA: {
          int n = (int) Math.min(h.remaining, end - p);
          body(direction, buf, p, n);
          h.remaining -= n;
          p += n;
          if (h.remaining == 0) {
            if (h.state == HttpHalf.BODY_LENGTH) {
              complete(direction, h, ts, ctx);
            } else {
              h.state = HttpHalf.CHUNK_DATA_END;
            }
          }
          break;
        }
        case HttpHalf.BODY_CLOSE:
          body(direction, buf, p, end - p);
          p = end;
          break;
        case HttpHalf.CHUNK_DATA_END: {
          byte c = buf[p++];
          if (c == '\n') {
            h.state = HttpHalf.CHUNK_SIZE;
            h.lineBufLen = 0;
          } else if (c != '\r') {
            malformed(direction, h, "bad chunk end", ts, ctx);
          }
          break;
        }
        case HttpHalf.CHUNK_SIZE: {
          int i = p;
          boolean done = false;
          while (i < end) {
            if (buf[i++] == '\n') {
              done = true;
              break;
            }
          }
          if (!appendLine(h, buf, p, i - p)) {
            malformed(direction, h, "chunk size line too long", ts, ctx);
            p = i;
            break;
          }
          p = i;
          if (done) {
            long size = parseChunkSize(h.line, h.lineBufLen);
            h.lineBufLen = 0;
            if (size < 0) {
              malformed(direction, h, "bad chunk size", ts, ctx);
            } else if (size == 0) {
              h.state = HttpHalf.TRAILERS;
              h.lineLen = 0;
            } else {
              h.state = HttpHalf.CHUNK_DATA;
              h.remaining = size;
            }
          }
          break;
        }
        case HttpHalf.TRAILERS: {
          int i = p;
          boolean done = false;
          while (i < end) {
            byte c = buf[i++];
            if (c == '\n') {
              if (h.lineLen == 0) {
                done = true;
                break;
              }
              h.lineLen = 0;
            } else if (c != '\r') {
              h.lineLen++;
            }
          }
          p = i;
          if (done) {
            complete(direction, h, ts, ctx);
          }
          break;
        }
        default:
          throw new IllegalStateException("state " + h.state);
      }
    }
  }

  private void startMessage(int direction, HttpHalf h, long ts, L7Context ctx) {
    h.state = HttpHalf.HEADERS;
    h.hdrLen = 0;
    h.lineLen = 0;
    h.msgStartTs = ts;
    if (direction == C2S) {
      HttpExchange ex = new HttpExchange(ctx.nextTransactionSeq());
      ex.requestStartTs = ts;
      if (h.gapBefore) {
        ex.error("gap before request");
      }
      open.add(ex);
      curReq = ex;
    }
    if (direction == C2S) {
      h.gapBefore = false; // the response side clears its flag when it binds
    }
  }

  private boolean appendHeader(HttpHalf h, byte[] buf, int off, int n) {
    int need = h.hdrLen + n;
    if (need > maxHeaderBytes) {
      return false;
    }
    if (h.hdr == null || h.hdr.length < need) {
      h.hdr = Arrays.copyOf(h.hdr == null ? new byte[0] : h.hdr, Math.min(maxHeaderBytes, Math.max(need, Math.max(512, h.hdr == null ? 0 : h.hdr.length * 2))));
    }
    System.arraycopy(buf, off, h.hdr, h.hdrLen, n);
    h.hdrLen = need;
    return true;
  }

  private static boolean appendLine(HttpHalf h, byte[] buf, int off, int n) {
    int need = h.lineBufLen + n;
    if (need > 4096) {
      return false;
    }
    if (h.line == null || h.line.length < need) {
      h.line = Arrays.copyOf(h.line == null ? new byte[0] : h.line, Math.max(need, 32));
    }
    System.arraycopy(buf, off, h.line, h.lineBufLen, n);
    h.lineBufLen = need;
    return true;
  }

  /** Hex size before any extension; -1 if invalid. */
  static long parseChunkSize(byte[] b, int len) {
    long v = 0;
    int digits = 0;
    int i = 0;
    while (i < len && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    for (; i < len; i++) {
      int c = b[i];
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        break;
      }
      if (++digits > 15) {
        return -1;
      }
      v = v * 16 + d;
    }
    if (digits == 0) {
      return -1;
    }
    for (; i < len; i++) {
      int c = b[i];
      if (c == ';' || c == '\r' || c == '\n') {
        break;
      }
      if (c != ' ' && c != '\t') {
        return -1;
      }
    }
    return v;
  }

  private void headersComplete(int direction, HttpHalf h, long ts, L7Context ctx) {
    HttpHead head = HttpHead.parse(h.hdr, h.hdrLen, direction == C2S);
    h.hdrLen = 0;
    if (h.hdr != null && h.hdr.length > 4096) {
      h.hdr = null; // do not keep a large buffer around
    }
    if (direction == C2S) {
      HttpExchange ex = curReq;
      if (head.malformed) {
        malformed(direction, h, "malformed request", ts, ctx);
        return;
      }
      ex.method = head.method;
      ex.target = head.target;
      ex.version = head.version;
      ex.host = head.header("host");
      ex.hasAuthorization = head.headers.containsKey("authorization");
      ex.requestHeaders = masked(head.headers);
      if (ex.host == null && ex.target.contains("://")) {
        int s = ex.target.indexOf("://") + 3;
        int e = ex.target.indexOf('/', s);
        ex.host = e < 0 ? ex.target.substring(s) : ex.target.substring(s, e);
      }
      long cl = head.contentLength();
      if (head.chunked()) {
        h.state = HttpHalf.CHUNK_SIZE;
        h.lineBufLen = 0;
      } else if (cl == -2) {
        malformed(direction, h, "bad content-length", ts, ctx);
      } else if (cl > 0) {
        h.state = HttpHalf.BODY_LENGTH;
        h.remaining = cl;
      } else {
        complete(direction, h, ts, ctx);
      }
      return;
    }
    if (head.malformed) {
      HttpExchange ex = bindResponse(ctx);
      curResp = ex;
      malformed(direction, h, "malformed response", ts, ctx);
      return;
    }
    int st = head.status;
    if (st >= 100 && st < 200 && st != 101) {
      // interim response (100 Continue, 103 Early Hints): no body, not paired
      h.state = HttpHalf.START;
      return;
    }
    HttpExchange ex = bindResponse(ctx);
    curResp = ex;
    ex.status = st;
    ex.responseFirstByteTs = h.msgStartTs;
    ex.responseHeaders = masked(head.headers);
    boolean connect = "CONNECT".equals(ex.method) && st >= 200 && st < 300;
    if (st == 101 || connect) {
      tunnel = true;
      complete(direction, h, ts, ctx);
      return;
    }
    long cl = head.contentLength();
    if ("HEAD".equals(ex.method) || st == 204 || st == 304) {
      complete(direction, h, ts, ctx);
    } else if (head.chunked()) {
      h.state = HttpHalf.CHUNK_SIZE;
      h.lineBufLen = 0;
    } else if (cl == -2) {
      malformed(direction, h, "bad content-length", ts, ctx);
    } else if (cl > 0) {
      h.state = HttpHalf.BODY_LENGTH;
      h.remaining = cl;
    } else if (cl == 0) {
      complete(direction, h, ts, ctx);
    } else {
      h.state = HttpHalf.BODY_CLOSE;
    }
  }

  /** The exchange a new final response belongs to: the oldest without one, or a new orphan. */
  private HttpExchange bindResponse(L7Context ctx) {
    for (HttpExchange ex : open) {
      if (!ex.responseBound) {
        ex.responseBound = true;
        if (resp.gapBefore) {
          ex.error("gap before response");
        }
        resp.gapBefore = false;
        return ex;
      }
    }
    HttpExchange ex = new HttpExchange(ctx.nextTransactionSeq());
    ex.requestDone = true;
    ex.responseBound = true;
    ex.error("response without request");
    resp.gapBefore = false;
    open.add(ex);
    return ex;
  }

  private HashMap<String, String> masked(HashMap<String, String> headers) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (HeaderMasking.isSecret(e.getKey(), masking)) {
        e.setValue(HeaderMasking.maskValue(e.getKey(), e.getValue()));
      }
    }
    return headers;
  }

  private void body(int direction, byte[] buf, int off, int n) {
    if (n <= 0) {
      return;
    }
    HttpExchange ex = direction == C2S ? curReq : curResp;
    if (ex == null) {
      return; // interim response body (none expected) or unbound
    }
    if (direction == C2S) {
      ex.requestBytes += n;
      int keep = Math.min(n, bodyCap - ex.requestBodyLen);
      if (keep > 0) {
        ex.requestBody = BodyBuffers.grow(ex.requestBody, ex.requestBodyLen + keep, bodyCap);
        System.arraycopy(buf, off, ex.requestBody, ex.requestBodyLen, keep);
        ex.requestBodyLen += keep;
      }
    } else {
      ex.responseBytes += n;
      int keep = Math.min(n, bodyCap - ex.responseBodyLen);
      if (keep > 0) {
        ex.responseBody = BodyBuffers.grow(ex.responseBody, ex.responseBodyLen + keep, bodyCap);
        System.arraycopy(buf, off, ex.responseBody, ex.responseBodyLen, keep);
        ex.responseBodyLen += keep;
      }
    }
  }

  private void complete(int direction, HttpHalf h, long ts, L7Context ctx) {
    h.state = tunnel ? HttpHalf.DEAD : HttpHalf.START;
    if (direction == C2S) {
      HttpExchange ex = curReq;
      curReq = null;
      if (ex != null) {
        ex.requestDone = true;
        ex.requestTs = ts;
      }
    } else {
      HttpExchange ex = curResp;
      curResp = null;
      if (ex != null) {
        ex.responseDone = true;
        ex.responseTs = ts;
      }
    }
    if (tunnel) {
      req.state = HttpHalf.DEAD;
      resp.state = HttpHalf.DEAD;
    }
    emitReady(ctx);
  }

  /** The message being parsed in {@code direction} ends without a usable completion time. */
  private void fail(int direction, String error, L7Context ctx) {
    if (direction == C2S) {
      HttpExchange ex = curReq;
      curReq = null;
      if (ex != null) {
        ex.requestDone = true;
        ex.error(error);
      }
    } else {
      HttpExchange ex = curResp;
      curResp = null;
      if (ex != null) {
        ex.responseDone = true;
        ex.error(error);
      }
    }
    emitReady(ctx);
  }

  private void malformed(int direction, HttpHalf h, String error, long ts, L7Context ctx) {
    fail(direction, error, ctx);
    h.state = HttpHalf.RESYNC;
    h.atLineStart = true;
    h.hdrLen = 0;
    h.lineBufLen = 0;
  }

  @Override
  public void onGap(int direction, long bytes, long ts, L7Context ctx) {
    HttpHalf h = direction == C2S ? req : resp;
    String side = direction == C2S ? "request" : "response";
    switch (h.state) {
      case HttpHalf.DEAD:
      case HttpHalf.RESYNC:
        h.atLineStart = true;
        return;
      case HttpHalf.START:
        h.state = HttpHalf.RESYNC;
        h.atLineStart = true;
        h.gapBefore = true;
        return;
      case HttpHalf.HEADERS:
        if (direction == S2C) {
          // the response that started belongs to the oldest unanswered request
          curResp = bindResponse(ctx);
        }
        break;
      case HttpHalf.BODY_LENGTH:
      case HttpHalf.CHUNK_DATA: {
        HttpExchange ex = direction == C2S ? curReq : curResp;
        if (bytes < h.remaining) {
          h.remaining -= bytes;
          if (ex != null) {
            ex.error("gap in " + side + " body");
            if (direction == C2S) {
              ex.requestBytes += bytes;
            } else {
              ex.responseBytes += bytes;
            }
          }
          return;
        }
        break;
      }
      case HttpHalf.BODY_CLOSE: {
        HttpExchange ex = curResp;
        if (ex != null) {
          ex.error("gap in response body");
          ex.responseBytes += bytes;
        }
        return;
      }
      default:
        break;
    }
    fail(direction, "gap in " + side, ctx);
    h.state = HttpHalf.RESYNC;
    h.atLineStart = true;
    h.hdrLen = 0;
    h.lineBufLen = 0;
  }

  /** Index of the first line start in [p, end) that begins a message of {@code direction}, or -1. */
  private static int findMessageStart(int direction, HttpHalf h, byte[] b, int p, int end) {
    for (int q = p; q < end; q++) {
      boolean lineStart = q == p ? h.atLineStart : b[q - 1] == '\n';
      if (!lineStart) {
        continue;
      }
      int v = direction == C2S
          ? HttpRecognizer.methodAt(b, q, end - q)
          : HttpRecognizer.prefixMatch(HttpRecognizer.STATUS_PREFIX, b, q, end - q);
      if (v == HttpRecognizer.MATCH) {
        return q;
      }
    }
    h.atLineStart = end > p && b[end - 1] == '\n';
    return -1;
  }

  @Override
  public void onFin(int direction, long ts, L7Context ctx) {
    HttpHalf h = direction == C2S ? req : resp;
    if (h.state == HttpHalf.BODY_CLOSE) {
      complete(direction, h, ts, ctx);
    }
  }

  @Override
  public void onClose(long ts, L7Context ctx) {
    for (int d = C2S; d <= S2C; d++) {
      HttpHalf h = d == C2S ? req : resp;
      if (h.state == HttpHalf.BODY_CLOSE) {
        complete(d, h, ts, ctx);
      } else if (h.state != HttpHalf.START && h.state != HttpHalf.RESYNC && h.state != HttpHalf.DEAD) {
        fail(d, d == C2S ? "request incomplete at connection end" : "response incomplete at connection end", ctx);
      }
      h.state = HttpHalf.DEAD;
      h.hdr = null;
      h.line = null;
    }
    while (!open.isEmpty()) {
      HttpExchange ex = open.poll();
      if (!ex.responseBound) {
        ex.error("no response");
      } else if (!ex.responseDone) {
        ex.error("response incomplete at connection end");
      }
      if (!ex.requestDone) {
        ex.error("request incomplete at connection end");
      }
      emit(ex, ctx);
    }
    curReq = null;
    curResp = null;
  }

  private void emitReady(L7Context ctx) {
    while (!open.isEmpty()) {
      HttpExchange ex = open.peek();
      if (!ex.requestDone || !ex.responseDone) {
        return;
      }
      open.poll();
      emit(ex, ctx);
    }
  }

  private void emit(HttpExchange ex, L7Context ctx) {
    Long reqTs = ex.requestTs == HttpExchange.NONE ? null : ex.requestTs;
    Long respTs = ex.responseTs == HttpExchange.NONE ? null : ex.responseTs;
    Long latency = reqTs != null && respTs != null ? respTs - reqTs : null;
    Long ttfb = reqTs != null && ex.responseFirstByteTs != HttpExchange.NONE && ex.status >= 0
        ? ex.responseFirstByteTs - reqTs : null;
    ctx.emit(new L7Transaction(
        ctx.flowId() + ":" + ex.seq,
        ctx.flowId(),
        ctx.node(),
        PROTOCOL,
        ctx.clientIp(),
        ctx.clientPort(),
        ctx.serverIp(),
        ctx.serverPort(),
        reqTs,
        respTs,
        latency,
        ttfb,
        ex.method,
        ex.host,
        ex.target,
        RouteTemplate.route(ex.target),
        ex.status >= 0 ? ex.status : null,
        ex.requestBytes,
        ex.responseBytes,
        ex.requestHeaders,
        ex.responseHeaders,
        trim(ex.requestBody, ex.requestBodyLen),
        trim(ex.responseBody, ex.responseBodyLen),
        ex.hasAuthorization,
        ex.error));
  }

  private static byte[] trim(byte[] b, int len) {
    if (b == null || len == 0) {
      return null;
    }
    return b.length == len ? b : Arrays.copyOf(b, len);
  }

  @Override
  public long bufferedBytes() {
    long b = req.bufferedBytes() + resp.bufferedBytes();
    for (HttpExchange ex : open) {
      b += ex.bufferedBytes();
    }
    return b;
  }

  /** Exchanges started and not yet emitted. */
  public int openExchanges() {
    return open.size();
  }
}
