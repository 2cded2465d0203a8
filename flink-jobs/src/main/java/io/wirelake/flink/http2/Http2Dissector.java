package io.wirelake.flink.http2;

import io.wirelake.flink.http.BodyBuffers;
import io.wirelake.flink.http.HeaderMasking;
import io.wirelake.flink.http.RouteTemplate;
import io.wirelake.flink.l7.L7Context;
import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.tcp.DissectionConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/2 over cleartext TCP (h2c with prior knowledge) and gRPC on top of it: one row per stream.
 *
 * <p>Each direction has a {@link FrameReader} and an {@link HpackDecoder}; header blocks are assembled from
 * HEADERS / PUSH_PROMISE + CONTINUATION and decoded in order (the dynamic table is per direction). A stream is
 * emitted once both its request and its response ended (END_STREAM), when it is reset (RST_STREAM, with an
 * error), when a GOAWAY says it was not processed, or at the end of the connection (with an error).
 *
 * <p>Times, as tshark's HTTP/2 dissector reports them with TCP reassembly: a frame completes at the time of
 * the data chunk holding its last byte. {@code request_ts} = the frame carrying the request's END_STREAM,
 * {@code response_ts} = the frame carrying the response's END_STREAM, {@code latency_us} their difference,
 * {@code ttfb_us} = the first response HEADERS frame (1xx included) minus {@code request_ts}. END_STREAM on a
 * HEADERS frame counts at that frame even when CONTINUATION frames follow it.
 *
 * <p>Columns: {@code method} = {@code :method}, {@code path} = {@code :path}, {@code host} = {@code :authority}
 * (else {@code host}), {@code status} = the final (non-1xx) {@code :status}, {@code request_bytes} /
 * {@code response_bytes} = DATA octets without padding, header maps = all fields of the header block(s) with
 * lowercase names, pseudo-headers included, trailers merged, secrets masked. A stream whose request or response
 * {@code content-type} starts with {@code application/grpc} is protocol {@code grpc}: {@code method} and
 * {@code route} are the RPC path ({@code /package.Service/Method}), {@code status} is the numeric
 * {@code grpc-status} (from the trailers, or from the headers of a trailers-only response), {@code error} is
 * {@code NAME: message} when it is not OK, and the counts of complete length-prefixed messages are stored as
 * {@code grpc-request-messages} / {@code grpc-response-messages} in the request / response header maps.
 *
 * <p>Malformed input (bad preface, frame or HPACK error, a hole outside DATA payload) ends the dissection of
 * the connection: its open streams are emitted with the error, later bytes are ignored and counted. State is
 * bounded: {@value #MAX_OPEN_STREAMS} open streams (the oldest is emitted with an error beyond), header blocks
 * of {@code maxHeaderBytes}, an HPACK table of at most {@value #HPACK_TABLE_LIMIT} octets, captured bodies of
 * {@code bodyCapBytes} per message and {@value #BODY_BUDGET} per connection.
 */
public final class Http2Dissector implements L7Dissector {
  public static final String PROTOCOL = "http/2";
  public static final String GRPC = "grpc";
  /** Header map entry (request) with the number of gRPC messages the client sent. */
  public static final String GRPC_REQUEST_MESSAGES = "grpc-request-messages";
  /** Header map entry (response) with the number of gRPC messages the server sent. */
  public static final String GRPC_RESPONSE_MESSAGES = "grpc-response-messages";
  static final int MAX_OPEN_STREAMS = 256;
  static final int HPACK_TABLE_LIMIT = 64 * 1024;
  static final int BODY_BUDGET = 1 << 20;

  private int bodyCap;
  private int maxHeaderBytes;
  private DissectionConfig masking;
  private Http2Half[] halves;
  private ArrayList<Http2Stream> open = new ArrayList<>();
  private int highestClientStream;
  private int highestPushedStream;
  private long heldBodyBytes;
  /** Set by a GOAWAY with an error code: why the connection's unfinished streams ended. */
  private String goaway;
  private boolean dead;
  private long protocolErrors;
  private long ignoredFrames;
  private long ignoredBytes;
  private transient HeaderList headerList;

  Http2Dissector() {}

  public Http2Dissector(DissectionConfig config) {
    this.bodyCap = config.bodyCapBytes();
    this.maxHeaderBytes = config.maxHeaderBytes();
    this.masking = config;
    this.halves = new Http2Half[] {
        new Http2Half(true, maxHeaderBytes, HPACK_TABLE_LIMIT), new Http2Half(false, maxHeaderBytes, HPACK_TABLE_LIMIT)};
  }

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public void onData(int direction, byte[] buf, int off, int len, long ts, L7Context ctx) {
    if (dead) {
      ignoredBytes += len;
      return;
    }
    try {
      feed(direction, buf, off, len, ts, ctx);
    } catch (RuntimeException e) {
      // a bug must not take the job down: end this connection's dissection like malformed input
      protocolError("internal error: " + e, ctx);
    }
  }

  private void feed(int dir, byte[] buf, int off, int len, long ts, L7Context ctx) {
    Http2Half h = halves[dir];
    FrameReader r = h.reader;
    int p = off;
    int end = off + len;
    while (!dead) {
      p = r.advance(buf, p, end);
      switch (r.event) {
        case FrameReader.NEED_MORE:
          return;
        case FrameReader.DATA_CHUNK:
          data(dir, r.streamId, buf, r.chunkOff, r.chunkLen);
          break;
        case FrameReader.FRAME:
          frame(dir, h, ts, ctx);
          break;
        default:
          protocolError(side(dir) + ": " + r.error, ctx);
          return;
      }
    }
  }

  private static String side(int dir) {
    return dir == C2S ? "client" : "server";
  }

  // ---- frames ----

  private void frame(int dir, Http2Half h, long ts, L7Context ctx) {
    FrameReader r = h.reader;
    int type = r.type;
    int id = r.streamId;
    if (h.blockStream != 0 && type != Http2Frames.CONTINUATION) {
      protocolError(side(dir) + ": header block of stream " + h.blockStream + " not continued", ctx);
      return;
    }
    switch (type) {
      case Http2Frames.DATA: {
        if (id == 0) {
          protocolError(side(dir) + ": DATA on stream 0", ctx);
          return;
        }
        Http2Stream s = find(id);
        if (s == null) {
          ignoredFrames++;
          return;
        }
        if ((r.flags & Http2Frames.FLAG_END_STREAM) != 0) {
          endOfStream(dir, s, ts, ctx);
        }
        return;
      }
      case Http2Frames.HEADERS:
      case Http2Frames.PUSH_PROMISE: {
        if (id == 0 || (type == Http2Frames.PUSH_PROMISE && dir == C2S)) {
          protocolError(side(dir) + ": bad " + (type == Http2Frames.HEADERS ? "HEADERS" : "PUSH_PROMISE"), ctx);
          return;
        }
        if (r.truncated) {
          protocolError(side(dir) + ": header block larger than " + maxHeaderBytes + " bytes", ctx);
          return;
        }
        h.blockStream = id;
        h.blockType = type;
        h.blockPromised = r.promisedStreamId;
        h.blockEndStream = type == Http2Frames.HEADERS && (r.flags & Http2Frames.FLAG_END_STREAM) != 0;
        h.blockTs = ts;
        h.blockLen = 0;
        appendBlock(dir, h, ctx);
        return;
      }
      case Http2Frames.CONTINUATION:
        if (h.blockStream == 0 || id != h.blockStream) {
          protocolError(side(dir) + ": unexpected CONTINUATION on stream " + id, ctx);
          return;
        }
        if (r.truncated) {
          protocolError(side(dir) + ": header block larger than " + maxHeaderBytes + " bytes", ctx);
          return;
        }
        appendBlock(dir, h, ctx);
        return;
      case Http2Frames.RST_STREAM:
        if (id == 0 || r.length != 4) {
          protocolError(side(dir) + ": bad RST_STREAM", ctx);
          return;
        }
        reset(dir, id, Http2Frames.u32(r.payload, 0), ctx);
        return;
      case Http2Frames.SETTINGS:
        if (id != 0 || ((r.flags & Http2Frames.FLAG_ACK) != 0 ? r.length != 0 : r.length % 6 != 0)) {
          protocolError(side(dir) + ": bad SETTINGS", ctx);
        }
        // values are not needed: the HPACK table size is bounded by HPACK_TABLE_LIMIT and taken from the
        // encoder's size updates
        return;
      case Http2Frames.PING:
        if (id != 0 || r.length != 8) {
          protocolError(side(dir) + ": bad PING", ctx);
        }
        return;
      case Http2Frames.GOAWAY:
        if (id != 0 || r.length < 8) {
          protocolError(side(dir) + ": bad GOAWAY", ctx);
          return;
        }
        goaway(dir, Http2Frames.u31(r.payload, 0), Http2Frames.u32(r.payload, 4), ctx);
        return;
      case Http2Frames.WINDOW_UPDATE:
        if (r.length != 4) {
          protocolError(side(dir) + ": bad WINDOW_UPDATE", ctx);
        }
        return;
      case Http2Frames.PRIORITY:
        if (id == 0 || r.length != 5) {
          protocolError(side(dir) + ": bad PRIORITY", ctx);
        }
        return;
      default:
        return; // extension frame types are ignored (RFC 9113 section 5.5)
    }
  }

  private void appendBlock(int dir, Http2Half h, L7Context ctx) {
    FrameReader r = h.reader;
    if (!h.append(r.payload, r.blockOff, r.blockLen, maxHeaderBytes)) {
      protocolError(side(dir) + ": header block larger than " + maxHeaderBytes + " bytes", ctx);
      return;
    }
    if ((r.flags & Http2Frames.FLAG_END_HEADERS) != 0) {
      completeBlock(dir, h, ctx);
    }
  }

  private void completeBlock(int dir, Http2Half h, L7Context ctx) {
    if (headerList == null) {
      headerList = new HeaderList(maxHeaderBytes);
    }
    HeaderList list = headerList;
    String err = h.decoder.decode(h.block, 0, h.blockLen, list);
    int id = h.blockStream;
    int type = h.blockType;
    h.endBlock();
    if (err != null) {
      protocolError(side(dir) + ": HPACK " + err, ctx);
      return;
    }
    if (type == Http2Frames.PUSH_PROMISE) {
      pushPromise(h.blockPromised, list, ctx);
    } else if (dir == C2S) {
      requestHeaders(id, list, h.blockEndStream, h.blockTs, ctx);
    } else {
      responseHeaders(id, list, h.blockEndStream, h.blockTs, ctx);
    }
    list.clear();
  }

  // ---- streams ----

  private Http2Stream find(int id) {
    for (int i = open.size() - 1; i >= 0; i--) {
      Http2Stream s = open.get(i);
      if (s.id == id) {
        return s;
      }
    }
    return null;
  }

  private Http2Stream newStream(int id, L7Context ctx) {
    if (open.size() >= MAX_OPEN_STREAMS) {
      Http2Stream oldest = open.get(0);
      oldest.error("more than " + MAX_OPEN_STREAMS + " open streams");
      finish(oldest, ctx);
    }
    Http2Stream s = new Http2Stream(id, ctx.nextTransactionSeq());
    open.add(s);
    return s;
  }

  private void requestHeaders(int id, HeaderList list, boolean endStream, long ts, L7Context ctx) {
    if ((id & 1) == 0) {
      protocolError("client: HEADERS on server stream " + id, ctx);
      return;
    }
    Http2Stream s = find(id);
    if (s == null) {
      if (id <= highestClientStream) {
        ignoredFrames++; // a stream that is already closed
        return;
      }
      highestClientStream = id;
      s = newStream(id, ctx);
      s.method = list.get(":method");
      s.path = list.get(":path");
      s.authority = list.get(":authority");
      if (s.authority == null) {
        s.authority = list.get("host");
      }
      s.requestContentType = list.get("content-type");
      s.hasAuthorization = list.get("authorization") != null;
      s.requestHeaders = toMap(list);
      if (s.grpc()) {
        startGrpc(s);
      }
      if (list.overflow()) {
        s.error("request header list larger than " + maxHeaderBytes + " bytes");
      }
    } else if (s.requestDone) {
      ignoredFrames++; // HEADERS after the request ended: the peer will reset the stream
      return;
    } else {
      merge(s.requestHeaders, list); // trailers
    }
    if (endStream) {
      endOfStream(C2S, s, ts, ctx);
    }
  }

  private void responseHeaders(int id, HeaderList list, boolean endStream, long ts, L7Context ctx) {
    Http2Stream s = find(id);
    if (s == null) {
      ignoredFrames++;
      return;
    }
    if (s.firstResponseHeadersTs == Http2Stream.NONE) {
      s.firstResponseHeadersTs = ts;
    }
    String st = list.get(":status");
    if (st != null && s.status < 0) {
      int code = parseStatus(st);
      if (code < 0) {
        s.error("bad :status " + st);
        s.status = 0;
      } else if (code < 200) {
        s.interimStatus = code; // 1xx: the final response follows
      } else {
        s.status = code;
      }
      if (code >= 200 || code < 0) {
        s.responseHeaders = toMap(list);
        s.responseContentType = list.get("content-type");
        if (s.grpc() && s.responseMessages == null) {
          startGrpc(s);
        }
      }
    } else if (s.responseHeaders == null) {
      s.responseHeaders = toMap(list);
    } else {
      merge(s.responseHeaders, list); // trailers
    }
    String gs = list.get("grpc-status");
    if (gs != null) {
      s.grpcStatus = gs;
      s.grpcMessage = list.get("grpc-message");
    }
    if (list.overflow()) {
      s.error("response header list larger than " + maxHeaderBytes + " bytes");
    }
    if (endStream) {
      endOfStream(S2C, s, ts, ctx);
    }
  }

  private void pushPromise(int promised, HeaderList list, L7Context ctx) {
    if (promised == 0 || (promised & 1) != 0 || promised <= highestPushedStream) {
      protocolError("server: bad promised stream " + promised, ctx);
      return;
    }
    highestPushedStream = promised;
    Http2Stream s = newStream(promised, ctx);
    s.pushed = true;
    s.requestDone = true; // no request stream: request_ts and latency stay null
    s.method = list.get(":method");
    s.path = list.get(":path");
    s.authority = list.get(":authority");
    s.requestHeaders = toMap(list);
  }

  private static void startGrpc(Http2Stream s) {
    if (s.requestMessages == null) {
      s.requestMessages = new GrpcMessageCounter();
    }
    s.responseMessages = new GrpcMessageCounter();
  }

  private static int parseStatus(String v) {
    if (v.length() != 3) {
      return -1;
    }
    int n = 0;
    for (int i = 0; i < 3; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n < 100 ? -1 : n;
  }

  private void data(int dir, int id, byte[] buf, int off, int n) {
    Http2Stream s = find(id);
    if (s == null) {
      return;
    }
    if (dir == C2S) {
      s.requestBytes += n;
      if (s.requestMessages != null) {
        s.requestMessages.feed(buf, off, n);
      }
      int keep = keep(s.requestBodyLen, n);
      if (keep > 0) {
        s.requestBody = BodyBuffers.grow(s.requestBody, s.requestBodyLen + keep, bodyCap);
        System.arraycopy(buf, off, s.requestBody, s.requestBodyLen, keep);
        s.requestBodyLen += keep;
        heldBodyBytes += keep;
      }
    } else {
      s.responseBytes += n;
      if (s.responseMessages != null) {
        s.responseMessages.feed(buf, off, n);
      }
      int keep = keep(s.responseBodyLen, n);
      if (keep > 0) {
        s.responseBody = BodyBuffers.grow(s.responseBody, s.responseBodyLen + keep, bodyCap);
        System.arraycopy(buf, off, s.responseBody, s.responseBodyLen, keep);
        s.responseBodyLen += keep;
        heldBodyBytes += keep;
      }
    }
  }

  private int keep(int have, int n) {
    return (int) Math.max(0, Math.min(Math.min(n, bodyCap - have), BODY_BUDGET - heldBodyBytes));
  }

  private void endOfStream(int dir, Http2Stream s, long ts, L7Context ctx) {
    if (dir == C2S) {
      if (!s.requestDone) {
        s.requestDone = true;
        s.requestTs = ts;
      }
    } else if (!s.responseDone) {
      s.responseDone = true;
      s.responseTs = ts;
    }
    if (s.requestDone && s.responseDone) {
      finish(s, ctx);
    }
  }

  private void reset(int dir, int id, long code, L7Context ctx) {
    Http2Stream s = find(id);
    if (s == null) {
      return; // idle or already closed
    }
    if (code != 0 || !s.responseDone) {
      s.error("RST_STREAM " + Http2Frames.errorName(code) + " by " + side(dir));
    }
    finish(s, ctx);
  }

  private void goaway(int dir, int lastStreamId, long code, L7Context ctx) {
    // streams initiated by the receiver of the GOAWAY above lastStreamId were not processed
    int parity = dir == S2C ? 1 : 0;
    String why = "GOAWAY " + Http2Frames.errorName(code) + " by " + side(dir);
    if (code != 0) {
      goaway = why;
    }
    for (Http2Stream s : new ArrayList<>(open)) {
      if ((s.id & 1) == parity && s.id > lastStreamId) {
        s.error(why + ": stream not processed");
        finish(s, ctx);
      }
    }
  }

  private void finish(Http2Stream s, L7Context ctx) {
    open.remove(s);
    heldBodyBytes -= s.requestBodyLen + s.responseBodyLen;
    emit(s, ctx);
  }

  /** Ends the dissection of the connection: every open stream is emitted with {@code why}. */
  private void protocolError(String why, L7Context ctx) {
    dead = true;
    protocolErrors++;
    for (Http2Half h : halves) {
      h.reader.state = FrameReader.DEAD;
      h.block = null;
      h.blockLen = 0;
      h.blockStream = 0;
    }
    emitAll(why, ctx);
  }

  private void emitAll(String why, L7Context ctx) {
    open.sort(Comparator.comparingLong(x -> x.seq));
    for (Http2Stream s : open) {
      if (why != null) {
        s.error(why);
      } else {
        if (goaway != null) {
          s.error(goaway);
        }
        if (s.firstResponseHeadersTs == Http2Stream.NONE) {
          s.error("no response");
        } else if (!s.responseDone) {
          s.error("response incomplete at connection end");
        }
        if (!s.requestDone) {
          s.error("request incomplete at connection end");
        }
      }
      emit(s, ctx);
    }
    open.clear();
    heldBodyBytes = 0;
  }

  @Override
  public void onGap(int direction, long bytes, long ts, L7Context ctx) {
    if (dead) {
      return;
    }
    Http2Half h = halves[direction];
    FrameReader r = h.reader;
    boolean inData = r.state == FrameReader.DATA_PAYLOAD;
    int id = r.streamId;
    int k = inData ? r.skipData(bytes) : -1;
    if (k < 0) {
      protocolError("gap in " + side(direction) + " stream", ctx);
      return;
    }
    Http2Stream s = find(id);
    if (s != null) {
      s.error("gap in " + (direction == C2S ? "request" : "response") + " body");
      GrpcMessageCounter c = direction == C2S ? s.requestMessages : s.responseMessages;
      if (c != null) {
        c.skip(bytes);
      }
      if (direction == C2S) {
        s.requestBytes += bytes;
      } else {
        s.responseBytes += bytes;
      }
    }
    if (k == 1) {
      frame(direction, h, ts, ctx); // the hole ended the DATA frame
    }
  }

  @Override
  public void onFin(int direction, long ts, L7Context ctx) {
    // HTTP/2 has no close-delimited messages; what is open is settled in onClose
  }

  @Override
  public void onClose(long ts, L7Context ctx) {
    if (!dead) {
      emitAll(null, ctx);
    }
    dead = true;
    for (Http2Half h : halves) {
      h.block = null;
      h.reader.payload = null;
    }
  }

  // ---- rows ----

  private HashMap<String, String> toMap(HeaderList list) {
    HashMap<String, String> m = new HashMap<>();
    merge(m, list);
    return m;
  }

  private void merge(HashMap<String, String> m, HeaderList list) {
    for (int i = 0; i < list.size(); i++) {
      String name = lower(list.name(i));
      String value = list.value(i);
      String prev = m.get(name);
      if (prev != null) {
        // RFC 9113 section 8.2.3: split cookie fields join with "; "
        value = prev + ("cookie".equals(name) ? "; " : ", ") + value;
      }
      m.put(name, value);
    }
    for (Map.Entry<String, String> e : m.entrySet()) {
      if (HeaderMasking.isSecret(e.getKey(), masking)) {
        e.setValue(maskOnce(e.getKey(), e.getValue()));
      }
    }
  }

  /** Masks a value unless it is masked already (trailers merge into a masked map). */
  private static String maskOnce(String name, String value) {
    return value.endsWith(HeaderMasking.MASK) ? value : HeaderMasking.maskValue(name, value);
  }

  private static String lower(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return s.toLowerCase(Locale.ROOT);
      }
    }
    return s;
  }

  private void emit(Http2Stream s, L7Context ctx) {
    Long reqTs = s.requestTs == Http2Stream.NONE ? null : s.requestTs;
    Long respTs = s.responseTs == Http2Stream.NONE ? null : s.responseTs;
    Long latency = reqTs != null && respTs != null ? respTs - reqTs : null;
    Long ttfb = reqTs != null && s.firstResponseHeadersTs != Http2Stream.NONE
        ? s.firstResponseHeadersTs - reqTs : null;
    boolean grpc = s.grpc();
    String method = s.method;
    String route = RouteTemplate.route(s.path);
    Integer status = s.status >= 0 ? s.status : null;
    String error = s.error;
    if (grpc) {
      method = s.path;
      route = s.path;
      status = GrpcStatus.parse(s.grpcStatus);
      if (status == null) {
        if (error == null && s.responseDone) {
          error = s.grpcStatus == null ? "no grpc-status (HTTP " + s.status + ")" : "bad grpc-status " + s.grpcStatus;
        }
      } else if (status != GrpcStatus.OK && error == null) {
        String msg = GrpcStatus.decodeMessage(s.grpcMessage);
        error = GrpcStatus.name(status) + (msg == null || msg.isEmpty() ? "" : ": " + msg);
      }
      if (s.requestHeaders != null && s.requestMessages != null) {
        s.requestHeaders.put(GRPC_REQUEST_MESSAGES, Integer.toString(s.requestMessages.messages()));
      }
      if (s.responseHeaders != null && s.responseMessages != null) {
        s.responseHeaders.put(GRPC_RESPONSE_MESSAGES, Integer.toString(s.responseMessages.messages()));
      }
    }
    ctx.emit(new L7Transaction(
        ctx.flowId() + ":" + s.seq,
        ctx.flowId(),
        ctx.node(),
        grpc ? GRPC : PROTOCOL,
        ctx.clientIp(),
        ctx.clientPort(),
        ctx.serverIp(),
        ctx.serverPort(),
        reqTs,
        respTs,
        latency,
        ttfb,
        method,
        s.authority,
        s.path,
        route,
        status,
        s.requestBytes,
        s.responseBytes,
        s.requestHeaders,
        s.responseHeaders,
        trim(s.requestBody, s.requestBodyLen),
        trim(s.responseBody, s.responseBodyLen),
        s.hasAuthorization,
        error));
  }

  private static byte[] trim(byte[] b, int len) {
    if (b == null || len == 0) {
      return null;
    }
    return b.length == len ? b : Arrays.copyOf(b, len);
  }

  @Override
  public long bufferedBytes() {
    long b = 0;
    for (Http2Half h : halves) {
      b += h.bufferedBytes();
    }
    for (Http2Stream s : open) {
      b += s.bufferedBytes();
    }
    return b;
  }

  /** Streams started and not yet emitted. */
  public int openStreams() {
    return open.size();
  }

  /** Connections end their dissection at the first protocol error; 0 or 1. */
  public long protocolErrors() {
    return protocolErrors;
  }

  /** Frames for streams that are closed or unknown (counted, not emitted). */
  public long ignoredFrames() {
    return ignoredFrames;
  }

  /** Bytes received after the dissection ended. */
  public long ignoredBytes() {
    return ignoredBytes;
  }
}
