package io.wirelake.flink.kafka;

import io.wirelake.flink.l7.L7Context;
import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.tcp.DissectionConfig;
import java.util.ArrayDeque;

/**
 * The Kafka wire protocol over one connection: a {@link FrameWalker} per direction reads the size-delimited
 * frames as they stream by, and responses are paired with requests by correlation id (brokers answer in order,
 * so requests passed over by a response are unanswered). One row per request.
 *
 * <p>Rows: {@code method} is the API name ({@code Produce}, {@code Fetch}, ..., {@code ApiKey(n)} for a key
 * outside {@link ApiTable}); {@code path} (and {@code route}) the request's topics, comma-joined in order
 * without repeats (topic ids, as Kafka prints them, where the request names topics by id); {@code status} the
 * response's first non-zero error code in message order (0 if all are zero or a parsed body has none, null if
 * the body is not parsed);
 * {@code error} that code's name, else why the row is incomplete, in lower case; {@code request_bytes} and
 * {@code response_bytes} the frames' size fields; {@code request_headers} {@code api_version},
 * {@code correlation_id}, {@code client_id}, {@code acks} and {@code transactional_id} (Produce), {@code records}
 * and {@code batches} (the record counts of a Produce request's record sets); {@code response_headers}
 * {@code records} and {@code batches} of a Fetch response. {@code host} and the bodies are null (SASL exchanges
 * are never stored); {@code has_authorization} is true for SaslHandshake and SaslAuthenticate.
 *
 * <p>Times: a frame completes at the chunk holding its last byte; {@code latency = response completion -
 * request completion}, {@code ttfb = response's first byte - request completion}. A Produce request with
 * {@code acks=0} gets no response and is emitted when complete, without response time.
 *
 * <p>After a successful SaslHandshake v0 the client and broker exchange raw SASL tokens (size-delimited, no
 * Kafka header); they are counted and skipped until the client sends a Kafka request again.
 *
 * <p>Bounds: at most {@link #MAX_PENDING} unanswered requests are kept; later ones are counted and their
 * responses skipped. Frames are never buffered: strings captured are capped, the rest is skipped by length. A
 * size field outside 0..100 MiB, or a hole in the capture outside a frame's body, ends the dissection of the
 * connection: the requests in flight are emitted with the reason as {@code error}. A body that does not match
 * its schema is counted and the frame skipped (the row keeps what was read).
 */
public final class KafkaDissector implements L7Dissector {
  public static final String PROTOCOL = "kafka";
  static final int MAX_PENDING = 1024;

  private static final int R_EXCHANGE = 0;
  private static final int R_ORPHAN = 1;
  private static final int R_UNTRACKED = 2;
  private static final int R_TOKEN = 3;

  private FrameWalker req = new FrameWalker(Programs.REQUEST_PREFIX);
  private FrameWalker resp = new FrameWalker(Programs.RESPONSE_PREFIX);
  private ArrayDeque<KafkaExchange> pending = new ArrayDeque<>();
  /** The exchange the response being read belongs to (taken off {@link #pending}). */
  private KafkaExchange answering;
  private int responseKind;
  private long untracked;
  private boolean saslRaw;
  private boolean requestIsToken;
  private long tokensAwaitingReply;
  private boolean dead;

  // counters
  long requests;
  long responses;
  long untrackedRequests;
  long orphanResponses;
  long malformedFrames;
  long malformedBodies;
  long saslTokens;

  KafkaDissector() {}

  public KafkaDissector(DissectionConfig config) {
    // nothing configurable: bodies are never stored and strings are capped by FrameWalker
  }

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public void onData(int direction, byte[] buf, int off, int len, long ts, L7Context ctx) {
    if (!dead) {
      drive(direction, buf, off, off + len, ts, ctx);
    }
  }

  private void drive(int direction, byte[] buf, int p, int end, long ts, L7Context ctx) {
    FrameWalker w = direction == C2S ? req : resp;
    while (!dead) {
      p = w.feed(buf, p, end, ts);
      switch (w.state()) {
        case FrameWalker.SWITCH:
          if (direction == C2S) {
            requestIdentified();
          } else {
            responseIdentified(ctx);
          }
          continue;
        case FrameWalker.DONE:
          if (direction == C2S) {
            requestDone(ts, ctx);
          } else {
            responseDone(ts, ctx);
          }
          w.next();
          continue;
        case FrameWalker.FAILED:
          stop(direction == C2S ? "malformed request frame" : "malformed response frame", ctx);
          return;
        default:
          break;
      }
      if (p >= end) {
        return;
      }
    }
  }

  private void requestIdentified() {
    if (saslRaw) {
      if (!ApiTable.knownVersion(req.apiKey, req.version) || req.correlationId < 0) {
        requestIsToken = true;
        req.jump(Programs.SKIP_ALL);
        return;
      }
      saslRaw = false;
    }
    req.jump(Programs.request(req.apiKey, req.version));
  }

  private void requestDone(long ts, L7Context ctx) {
    FrameWalker r = req;
    if (requestIsToken || (saslRaw && !r.switched())) {
      requestIsToken = false;
      saslTokens++;
      tokensAwaitingReply++;
      return;
    }
    if (!r.switched()) {
      malformedFrames++; // shorter than a request header, or a hole in it
      return;
    }
    requests++;
    if (pending.size() >= MAX_PENDING) {
      untracked++;
      untrackedRequests++;
      return;
    }
    KafkaExchange x = new KafkaExchange(ctx.nextTransactionSeq());
    x.apiKey = r.apiKey;
    x.version = r.version;
    x.correlationId = r.correlationId;
    x.clientId = r.clientId();
    x.requestBytes = r.size();
    x.requestTs = ts;
    if (!ApiTable.known(r.apiKey)) {
      x.error("unknown api key");
    }
    if (r.apiKey == ApiTable.PRODUCE) {
      x.acks = r.acks;
      x.transactionalId = r.transactionalId();
      if (r.records != FrameWalker.NONE) {
        x.requestRecords = r.records;
        x.requestBatches = r.batches;
      }
    }
    if (!ApiTable.isSasl(r.apiKey)) {
      x.path = r.path();
    }
    if (r.malformed) {
      malformedBodies++;
    }
    if (r.gap) {
      x.error("gap in request");
    }
    if (x.expectsNoResponse()) {
      KafkaRows.emit(x, ctx);
    } else {
      pending.add(x);
    }
  }

  private void responseIdentified(L7Context ctx) {
    int id = resp.correlationId;
    KafkaExchange match = null;
    if (tokensAwaitingReply == 0) {
      for (KafkaExchange x : pending) {
        if (x.correlationId == id) {
          match = x;
          break;
        }
      }
    }
    if (match != null) {
      while (pending.peek() != match) {
        KafkaExchange skipped = pending.poll();
        skipped.error("no response");
        KafkaRows.emit(skipped, ctx);
      }
      answering = pending.poll();
      responseKind = R_EXCHANGE;
      resp.jump(Programs.response(match.apiKey, match.version));
      return;
    }
    responseKind = tokensAwaitingReply > 0 ? R_TOKEN : untracked > 0 ? R_UNTRACKED : R_ORPHAN;
    resp.jump(Programs.SKIP_ALL);
  }

  private void responseDone(long ts, L7Context ctx) {
    FrameWalker r = resp;
    responses++;
    if (!r.switched()) {
      if (tokensAwaitingReply > 0) {
        tokensAwaitingReply--; // an empty SASL token
        saslTokens++;
      } else {
        malformedFrames++;
      }
      return;
    }
    switch (responseKind) {
      case R_EXCHANGE: {
        KafkaExchange x = answering;
        answering = null;
        x.responseFirstByteTs = r.firstByteTs();
        x.responseTs = ts;
        x.responseBytes = r.size();
        if (r.errorCode != Integer.MIN_VALUE) {
          x.status = r.errorCode;
        } else if (r.completed && Programs.readsErrors(Programs.response(x.apiKey, x.version))) {
          x.status = 0; // e.g. a Metadata response without topics
        }
        if (x.apiKey == ApiTable.FETCH && r.records != FrameWalker.NONE) {
          x.responseRecords = r.records;
          x.responseBatches = r.batches;
        }
        if (r.malformed) {
          malformedBodies++;
        }
        if (r.gap) {
          x.error("gap in response");
        }
        if (x.apiKey == ApiTable.SASL_HANDSHAKE && x.version == 0 && x.status == 0) {
          saslRaw = true;
        }
        KafkaRows.emit(x, ctx);
        return;
      }
      case R_TOKEN:
        tokensAwaitingReply--;
        saslTokens++;
        return;
      case R_UNTRACKED:
        untracked--;
        return;
      default: {
        orphanResponses++;
        KafkaExchange x = new KafkaExchange(ctx.nextTransactionSeq());
        x.correlationId = r.correlationId;
        x.responseFirstByteTs = r.firstByteTs();
        x.responseTs = ts;
        x.responseBytes = r.size();
        x.error("response without request");
        KafkaRows.emit(x, ctx);
      }
    }
  }

  @Override
  public void onGap(int direction, long bytes, long ts, L7Context ctx) {
    if (dead) {
      return;
    }
    FrameWalker w = direction == C2S ? req : resp;
    if (!w.gap(bytes)) {
      stop(direction == C2S ? "gap in requests" : "gap in responses", ctx);
      return;
    }
    drive(direction, null, 0, 0, ts, ctx); // the hole may have ended the frame
  }

  @Override
  public void onFin(int direction, long ts, L7Context ctx) {
    // frames are size-delimited: a FIN completes nothing
  }

  @Override
  public void onClose(long ts, L7Context ctx) {
    if (dead) {
      return;
    }
    flush("no response", "response incomplete at connection end", ctx);
    if (req.inFrame() && req.switched() && !requestIsToken) {
      KafkaExchange x = new KafkaExchange(ctx.nextTransactionSeq());
      x.apiKey = req.apiKey;
      x.version = req.version;
      x.correlationId = req.correlationId;
      x.requestBytes = req.size();
      x.error("request incomplete at connection end");
      KafkaRows.emit(x, ctx);
    }
    dead = true;
  }

  /** Ends the dissection: everything in flight is emitted with {@code reason}. */
  private void stop(String reason, L7Context ctx) {
    flush(reason, reason, ctx);
    dead = true;
  }

  private void flush(String noResponse, String partialResponse, L7Context ctx) {
    if (answering != null) {
      KafkaExchange x = answering;
      answering = null;
      x.responseFirstByteTs = resp.firstByteTs();
      x.responseBytes = resp.size();
      x.error(partialResponse);
      KafkaRows.emit(x, ctx);
    }
    while (!pending.isEmpty()) {
      KafkaExchange x = pending.poll();
      x.error(noResponse);
      KafkaRows.emit(x, ctx);
    }
  }

  @Override
  public long bufferedBytes() {
    long b = (req == null ? 0 : req.bufferedBytes()) + (resp == null ? 0 : resp.bufferedBytes());
    for (KafkaExchange x : pending) {
      b += x.bufferedBytes();
    }
    return b;
  }

  /** Requests sent and not yet answered (kept ones). */
  public int pendingRequests() {
    return pending.size();
  }
}
