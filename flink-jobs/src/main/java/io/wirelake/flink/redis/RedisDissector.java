package io.wirelake.flink.redis;

import io.wirelake.flink.l7.L7Context;
import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.tcp.DissectionConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Redis (RESP2/RESP3, inline commands) over one connection: a {@link RespReader} per direction and FIFO
 * pairing of replies to commands, pipelining included. One row per command.
 *
 * <p>Rows: {@code method} is the upper-case command name, with the subcommand for container commands
 * ({@code CONFIG GET}, {@code CLIENT SETNAME}, see {@link CommandTable}); {@code path} the first key
 * ({@link CommandTable#keyIndex}), {@code route} the key with ids templated ({@link KeyTemplate});
 * {@code host} and {@code status} are null; {@code error} is the error prefix of an error reply
 * ({@code ERR}, {@code WRONGTYPE}, {@code NOAUTH}, ...) or, in lower case, why the row is incomplete;
 * {@code request_bytes}/{@code response_bytes} are the encoded sizes (RESP framing included);
 * {@code request_body} the command as text ({@link CommandText}, secrets masked), {@code response_body} the
 * reply's RESP encoding, both capped; {@code has_authorization} is true for {@code AUTH} and
 * {@code HELLO ... AUTH}.
 *
 * <p>Times: a command completes at the chunk holding its last byte, a reply likewise; {@code latency = reply
 * completion - command completion}, {@code ttfb = reply's first byte - command completion}.
 *
 * <p>Not replies: RESP3 push messages ({@code >}) unless they confirm a pending (P|S)SUBSCRIBE/UNSUBSCRIBE;
 * in RESP2 subscribe mode (after a subscription was confirmed, until a confirmation reports 0 subscriptions or
 * {@code RESET}), {@code message}/{@code pmessage}/{@code smessage} arrays and confirmations nobody waits for;
 * after a successful {@code MONITOR}, everything the server sends. These are counted, not stored. A
 * subscription command with N channels is one row completed by its N-th confirmation (an unsubscribe without
 * channels by the first). Commands Redis ignores (empty arrays, blank inline lines) get no row.
 *
 * <p>Bounds: at most {@link #MAX_PENDING} unanswered commands are kept (and {@link #PENDING_BODY_BUDGET} bytes
 * of their bodies); later commands are counted and their replies consumed in order without rows, so pairing
 * stays right. Malformed bytes, or a hole in the capture outside a bulk payload, end the dissection of the
 * connection: the commands in flight are emitted with the reason as {@code error}. {@code CLIENT REPLY
 * OFF|SKIP} is not followed (replies would be mis-paired).
 */
public final class RedisDissector implements L7Dissector {
  public static final String PROTOCOL = "redis";
  static final int MAX_PENDING = 1024;
  static final long PENDING_BODY_BUDGET = 1L << 20;
  static final int NAME_MAX = 64;
  static final int KEY_MAX = 1024;
  static final int CLIENT_MAX_ELEMS = 4096;
  static final int SERVER_ELEM_CAP = 256;
  static final int SERVER_MAX_ELEMS = 4;

  private int bodyCap;
  private boolean mask;
  private RespReader req;
  private RespReader resp;
  private ArrayDeque<RedisCommand> pending = new ArrayDeque<>();
  private long pendingBodyBytes;
  /** Commands behind the pending queue that were not kept; their replies are consumed without rows. */
  private long untracked;
  private boolean subscribed;
  private boolean monitor;
  private boolean dead;
  private boolean gapInCommand;
  private boolean gapInReply;
  private transient CommandText text;

  // counters
  long commands;
  long replies;
  long errorReplies;
  long notReplies;
  long untrackedCommands;
  long ignoredCommands;

  RedisDissector() {}

  public RedisDissector(DissectionConfig config) {
    this.bodyCap = config.bodyCapBytes();
    this.mask = config.maskSecrets();
    this.req = new RespReader(true, 0, Math.max(bodyCap, 4096), CLIENT_MAX_ELEMS);
    this.resp = new RespReader(false, bodyCap, SERVER_ELEM_CAP, SERVER_MAX_ELEMS);
  }

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public void onData(int direction, byte[] buf, int off, int len, long ts, L7Context ctx) {
    if (dead) {
      return;
    }
    RespReader r = direction == C2S ? req : resp;
    int p = off;
    int end = off + len;
    while (p < end) {
      p = r.read(buf, p, end, ts);
      if (r.complete()) {
        if (direction == C2S) {
          command(ts, ctx);
        } else {
          reply(ts, ctx);
        }
        r.next();
      }
      if (r.failed()) {
        stop((direction == C2S ? "malformed command: " : "malformed reply: ") + r.error(), ctx);
        return;
      }
    }
  }

  private void command(long ts, L7Context ctx) {
    RespReader r = req;
    if (r.elements() == 0) {
      ignoredCommands++; // *0, *-1 or a blank inline line: Redis does not answer
      return;
    }
    commands++;
    if (pending.size() >= MAX_PENDING || untracked > 0) {
      untracked++;
      untrackedCommands++;
      gapInCommand = false;
      return;
    }
    RedisCommand c = new RedisCommand(ctx.nextTransactionSeq());
    byte[] b = r.elemBuf();
    String name = r.elemKept(0) > 0 ? CommandTable.name(b, r.elemOff(0), Math.min(r.elemKept(0), NAME_MAX)) : null;
    c.name = name;
    c.method = name == null ? null : method(name, r);
    if (name != null) {
      int k = CommandTable.keyIndex(name, r);
      if (k > 0) {
        c.key = new String(b, r.elemOff(k), Math.min(r.elemKept(k), KEY_MAX), StandardCharsets.UTF_8);
      }
      c.hasAuthorization = CommandTable.hasAuthorization(name, r);
      c.subscription = CommandTable.subscription(name);
      if (c.subscription != CommandTable.SUB_NONE) {
        c.confirmationsLeft = Math.max(1, r.elements() - 1);
      }
    }
    c.requestBytes = r.bytes();
    c.requestTs = ts;
    int cap = (int) Math.min(bodyCap, PENDING_BODY_BUDGET - pendingBodyBytes);
    if (text == null) {
      text = new CommandText();
    }
    c.requestBody = text.render(name, r, mask, cap);
    pendingBodyBytes += c.requestBody == null ? 0 : c.requestBody.length;
    if (gapInCommand) {
      c.error("gap in command");
      gapInCommand = false;
    }
    pending.add(c);
  }

  /** The name, plus the subcommand of container commands when it looks like one (letters, digits, - and _). */
  private static String method(String name, RespReader r) {
    if (r.keptElements() < 2 || !CommandTable.isContainer(name)) {
      return name;
    }
    int n = r.elemKept(1);
    if (n == 0 || n > 32 || r.elemFull(1) != n) {
      return name;
    }
    byte[] b = r.elemBuf();
    int o = r.elemOff(1);
    byte[] s = new byte[name.length() + 1 + n];
    for (int i = 0; i < name.length(); i++) {
      s[i] = (byte) name.charAt(i);
    }
    s[name.length()] = ' ';
    for (int i = 0; i < n; i++) {
      byte c = b[o + i];
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        return name;
      }
      s[name.length() + 1 + i] = RespReader.upper(c);
    }
    return new String(s, StandardCharsets.ISO_8859_1);
  }

  private void reply(long ts, L7Context ctx) {
    RespReader r = resp;
    replies++;
    if (monitor) {
      notReplies++;
      gapInReply = false;
      return;
    }
    byte t = r.type();
    boolean aggregate = t == '*' || t == '>';
    boolean confirmation = aggregate && isConfirmation(r);
    boolean message = aggregate && (r.elemEqualsIgnoreCase(0, "message") || r.elemEqualsIgnoreCase(0, "pmessage")
        || r.elemEqualsIgnoreCase(0, "smessage"));
    RedisCommand head = pending.peek();
    if (head != null && head.confirmationsLeft > 0 && confirmation) {
      attach(head, ts);
      trackSubscriptions(r);
      if (--head.confirmationsLeft == 0
          || (head.subscription == CommandTable.SUB_UNSUBSCRIBE && r.elemLong(2) == 0)) {
        head.confirmationsLeft = 0;
        completeHead(ctx);
      }
      return;
    }
    if (t == '>' || (subscribed && (confirmation || message))) {
      if (confirmation) {
        trackSubscriptions(r);
      }
      notReplies++;
      gapInReply = false;
      return;
    }
    if (head == null) {
      if (untracked > 0) {
        untracked--;
      } else {
        RedisCommand orphan = new RedisCommand(ctx.nextTransactionSeq());
        orphan.error("reply without command");
        attach(orphan, ts);
        emit(orphan, ctx);
      }
      gapInReply = false;
      return;
    }
    attach(head, ts);
    completeHead(ctx);
    if ("MONITOR".equals(head.name) && t == '+') {
      monitor = true;
    } else if ("RESET".equals(head.name)) {
      subscribed = false;
    }
  }

  private static boolean isConfirmation(RespReader r) {
    return r.elemEqualsIgnoreCase(0, "subscribe") || r.elemEqualsIgnoreCase(0, "psubscribe")
        || r.elemEqualsIgnoreCase(0, "ssubscribe") || r.elemEqualsIgnoreCase(0, "unsubscribe")
        || r.elemEqualsIgnoreCase(0, "punsubscribe") || r.elemEqualsIgnoreCase(0, "sunsubscribe");
  }

  /** RESP2 subscribe mode follows the subscription count in confirmations. */
  private void trackSubscriptions(RespReader r) {
    long count = r.elemLong(2);
    if (count != Long.MIN_VALUE) {
      subscribed = count > 0;
    }
  }

  private void attach(RedisCommand c, long ts) {
    RespReader r = resp;
    if (c.responseFirstByteTs == RedisCommand.NONE) {
      c.responseFirstByteTs = r.startTs();
    }
    c.responseTs = ts;
    c.responseBytes += r.bytes();
    c.gotReply = true;
    int have = c.responseBody == null ? 0 : c.responseBody.length;
    int keep = Math.min(r.rawLen(), bodyCap - have);
    if (keep > 0) {
      c.responseBody = c.responseBody == null ? new byte[keep] : Arrays.copyOf(c.responseBody, have + keep);
      System.arraycopy(r.raw(), 0, c.responseBody, have, keep);
    }
    byte t = r.type();
    if (t == '-' || t == '!') {
      errorReplies++;
      c.error(errorPrefix(r));
    }
    if (gapInReply) {
      c.error("gap in reply");
      gapInReply = false;
    }
  }

  /** The first word of an error reply ({@code ERR}, {@code WRONGTYPE}, ...). */
  static String errorPrefix(RespReader r) {
    if (r.keptElements() == 0) {
      return "ERR";
    }
    byte[] b = r.elemBuf();
    int o = r.elemOff(0);
    int n = r.elemKept(0);
    int e = 0;
    while (e < n && e < NAME_MAX && b[o + e] != ' ') {
      e++;
    }
    return e == 0 ? "ERR" : CommandTable.name(b, o, e);
  }

  private void completeHead(L7Context ctx) {
    RedisCommand c = pending.poll();
    pendingBodyBytes -= c.requestBody == null ? 0 : c.requestBody.length;
    emit(c, ctx);
  }

  @Override
  public void onGap(int direction, long bytes, long ts, L7Context ctx) {
    if (dead) {
      return;
    }
    RespReader r = direction == C2S ? req : resp;
    if (bytes < r.bulkRemaining()) {
      r.skipBulk(bytes); // the framing survives a hole inside a bulk payload
      if (direction == C2S) {
        gapInCommand = true;
      } else {
        gapInReply = true;
      }
      return;
    }
    stop(direction == C2S ? "gap in commands" : "gap in replies", ctx);
  }

  @Override
  public void onFin(int direction, long ts, L7Context ctx) {
    // RESP messages are self-delimiting: a FIN completes nothing
  }

  @Override
  public void onClose(long ts, L7Context ctx) {
    if (dead) {
      return;
    }
    flush("no reply", "reply incomplete at connection end", "command incomplete at connection end", ctx);
    dead = true;
  }

  /** Ends the dissection: everything in flight is emitted with {@code reason}. */
  private void stop(String reason, L7Context ctx) {
    flush(reason, reason, reason, ctx);
    dead = true;
  }

  private void flush(String noReply, String partialReply, String partialCommand, L7Context ctx) {
    boolean first = true;
    while (!pending.isEmpty()) {
      RedisCommand c = pending.poll();
      if (first && resp.inMessage()) {
        if (c.responseFirstByteTs == RedisCommand.NONE) {
          c.responseFirstByteTs = resp.startTs();
        }
        c.error(partialReply);
      } else if (c.gotReply) {
        c.error(partialReply); // a subscription missing some of its confirmations
      } else {
        c.error(noReply);
      }
      first = false;
      emit(c, ctx);
    }
    pendingBodyBytes = 0;
    if (req.inMessage()) {
      RedisCommand c = new RedisCommand(ctx.nextTransactionSeq());
      c.requestBytes = req.bytes();
      if (req.elements() >= 2 && req.elemKept(0) > 0) {
        c.name = CommandTable.name(req.elemBuf(), req.elemOff(0), Math.min(req.elemKept(0), NAME_MAX));
        c.method = c.name;
      }
      c.error(partialCommand);
      emit(c, ctx);
    }
    req.next();
    resp.next();
  }

  private void emit(RedisCommand c, L7Context ctx) {
    Long reqTs = c.requestTs == RedisCommand.NONE ? null : c.requestTs;
    Long respTs = c.responseTs == RedisCommand.NONE || c.confirmationsLeft > 0 ? null : c.responseTs;
    Long latency = reqTs != null && respTs != null ? respTs - reqTs : null;
    Long ttfb = reqTs != null && c.responseFirstByteTs != RedisCommand.NONE ? c.responseFirstByteTs - reqTs : null;
    ctx.emit(new L7Transaction(
        ctx.flowId() + ":" + c.seq,
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
        c.method,
        null,
        c.key,
        KeyTemplate.route(c.key),
        null,
        c.requestBytes,
        c.responseBytes,
        null,
        null,
        c.requestBody,
        c.responseBody,
        c.hasAuthorization,
        c.error));
  }

  @Override
  public long bufferedBytes() {
    long b = (req == null ? 0 : req.bufferedBytes()) + (resp == null ? 0 : resp.bufferedBytes());
    for (RedisCommand c : pending) {
      b += c.bufferedBytes();
    }
    return b;
  }

  /** Commands sent and not yet answered (kept ones). */
  public int pendingCommands() {
    return pending.size();
  }
}
