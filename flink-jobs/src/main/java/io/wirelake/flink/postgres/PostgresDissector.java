package io.wirelake.flink.postgres;

import io.wirelake.flink.l7.L7Context;
import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.tcp.DissectionConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;

/**
 * The PostgreSQL frontend/backend protocol (3.x) over one connection: a {@link MessageFramer} per direction
 * and a {@link ReplyQueue} that pairs the server's in-order answers with the client's messages.
 *
 * <p>Rows: one for the startup (StartupMessage to the first ReadyForQuery, authentication included; or to the
 * server's 'S' answer to SSLRequest, after which the connection is encrypted and dissection stops); one per
 * simple Query (Query to ReadyForQuery); one per extended-protocol Execute (the Parse/Bind/Describe before it
 * belong to it; from the Execute to its CommandComplete / EmptyQueryResponse / PortalSuspended /
 * ErrorResponse; a Sync right after it joins it); one per Sync that ends messages without an Execute
 * (prepare, describe, close, bare Sync: Sync to ReadyForQuery); one per FunctionCall; one per CancelRequest.
 * Times are those of the data chunks holding the last byte of the messages, like tshark's PDU frames.
 *
 * <p>Never kept: password / SASL messages, the cancel secret key, row data, copy data. Malformed framing, a
 * hole that is not inside a message body, or too many outstanding messages end the dissection; the open rows
 * are emitted with an error.
 */
public final class PostgresDissector implements L7Dissector {
  public static final String PROTOCOL = "postgres";
  /** Frontend messages awaiting an answer, at most (pipelined batches included). */
  static final int MAX_PENDING = 4096;

  private int bodyCap;
  private boolean mask;
  private MessageFramer c2s;
  private MessageFramer s2c;
  private ReplyQueue replies;
  private ArrayDeque<PgExchange> open = new ArrayDeque<>();
  private PreparedStatements statements = new PreparedStatements();
  private PreparedStatements portals = new PreparedStatements();
  private StatementText unnamedStatement;
  private StatementText unnamedPortal;
  private PgExchange startup;
  /** Extended-protocol messages since the last Execute or Sync. */
  private PgExchange unit;
  /** The last Execute row of the batch not yet ended by a Sync. */
  private PgExchange lastExecute;
  private int encryptionRequest = -1;
  private String user;
  private String database;
  private boolean dead;
  /** Backend messages that answered nothing known (async notices while idle, after a lost request). */
  long unpairedMessages;

  PostgresDissector() {}

  public PostgresDissector(DissectionConfig config) {
    this.bodyCap = config.bodyCapBytes();
    this.mask = config.maskSecrets();
    this.c2s = new MessageFramer(true, MessageFramer.UNTYPED, bodyCap);
    this.s2c = new MessageFramer(false, MessageFramer.TYPED, bodyCap);
    this.replies = new ReplyQueue(MAX_PENDING);
  }

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  @Override
  public void onData(int direction, byte[] buf, int off, int len, long ts, L7Context ctx) {
    MessageFramer f = direction == C2S ? c2s : s2c;
    int p = off;
    int end = off + len;
    while (p < end && !dead) {
      p = f.feed(buf, p, end, ts);
      if (f.hasMessage) {
        handle(direction, f, ctx);
        f.consumed();
        emitReady(ctx);
      }
      if (f.mode == MessageFramer.DEAD && !dead) {
        stop((direction == C2S ? "malformed request: " : "malformed response: ") + f.error, ctx);
      }
    }
  }

  private void handle(int direction, MessageFramer f, L7Context ctx) {
    if (direction == C2S) {
      frontend(f, ctx);
    } else {
      backend(f, ctx);
    }
  }

  // ---------------------------------------------------------------- client to server

  private void frontend(MessageFramer f, L7Context ctx) {
    byte[] b = f.data;
    int o = f.dataOff;
    int e = o + f.dataLen;
    long ts = f.endTs;
    long wire = f.bodyLen + (f.type == 0 ? 4L : 5L);
    PgExchange r;
    switch (f.type) {
      case 0:
        startupPacket(f, b, o, e, wire, ctx);
        return;
      case 'Q':
        r = newRow(PgExchange.SIMPLE, ctx);
        r.sql = text(f, b, o, e);
        requestDone(r, ts);
        break;
      case 'P': {
        r = unit(ctx);
        int ne = WireFormat.cstringEnd(b, o, e);
        StatementText st = ne < e ? text(f, b, ne + 1, e) : null;
        if (ne == o) {
          unnamedStatement = st;
        } else if (st != null) {
          String name = WireFormat.utf8(b, o, ne);
          statements.put(name, st);
          r.statementName = name;
        }
        r.sql = st;
        break;
      }
      case 'B': {
        r = unit(ctx);
        int pe = WireFormat.cstringEnd(b, o, e);
        int se = WireFormat.cstringEnd(b, Math.min(pe + 1, e), e);
        StatementText st = lookupStatement(r, b, Math.min(pe + 1, e), se);
        if (pe == o) {
          unnamedPortal = st;
        } else if (st != null) {
          portals.put(WireFormat.utf8(b, o, pe), st);
        }
        if (r.sql == null) {
          r.sql = st;
        }
        break;
      }
      case 'D':
      case 'C': {
        r = unit(ctx);
        if (e > o) {
          boolean statement = b[o] == 'S';
          int ne = WireFormat.cstringEnd(b, o + 1, e);
          if (f.type == 'D') {
            if (r.sql == null) {
              r.sql = statement ? lookupStatement(r, b, o + 1, ne) : lookupPortal(b, o + 1, ne);
            }
          } else if (statement) {
            if (ne == o + 1) {
              unnamedStatement = null;
            } else {
              statements.remove(WireFormat.utf8(b, o + 1, ne));
            }
          } else if (ne == o + 1) {
            unnamedPortal = null;
          } else {
            portals.remove(WireFormat.utf8(b, o + 1, ne));
          }
        }
        break;
      }
      case 'E': {
        r = unit(ctx);
        StatementText st = lookupPortal(b, o, WireFormat.cstringEnd(b, o, e));
        if (st != null) {
          r.sql = st;
        }
        r.kind = PgExchange.EXECUTE;
        requestDone(r, ts);
        unit = null;
        lastExecute = r;
        break;
      }
      case 'S':
        if (unit != null) {
          r = unit;
          unit = null;
          requestDone(r, ts);
        } else if (lastExecute != null && !lastExecute.emitted) {
          r = lastExecute;
        } else {
          r = newRow(PgExchange.SYNC, ctx);
          requestDone(r, ts);
        }
        lastExecute = null;
        break;
      case 'F':
        r = newRow(PgExchange.FUNCTION_CALL, ctx);
        requestDone(r, ts);
        break;
      case 'H':
        r = unit != null ? unit : lastExecute != null && !lastExecute.emitted ? lastExecute : null;
        if (r != null) {
          account(r, f.type, wire);
        }
        return;
      case 'p':
        r = startup != null ? startup : replies.isEmpty() ? null : replies.headRow();
        if (r != null) {
          r.hasAuthorization = true;
          account(r, f.type, wire);
        }
        return;
      default: // copy data/done/fail join the statement being answered; Terminate joins nothing
        r = f.type == 'X' || replies.isEmpty() ? null : replies.headRow();
        if (r != null) {
          account(r, f.type, wire);
        }
        return;
    }
    account(r, f.type, wire);
    if (f.damaged) {
      r.error("gap in request");
    }
    if (f.type != 'H' && !replies.add(f.type, r)) {
      stop("too many outstanding requests", ctx);
    }
  }

  private void startupPacket(MessageFramer f, byte[] b, int o, int e, long wire, L7Context ctx) {
    int code = e - o >= 4 ? WireFormat.int32(b, o) : 0;
    PgExchange r;
    if (code == WireFormat.SSL_REQUEST || code == WireFormat.GSSENC_REQUEST) {
      r = startupRow(ctx);
      r.counts.startup(code == WireFormat.SSL_REQUEST ? MessageCounts.SSL : MessageCounts.GSSENC);
      r.requestBytes += wire;
      r.requestTs = f.endTs;
      encryptionRequest = code;
      s2c.mode = MessageFramer.ENCRYPTION_ANSWER;
    } else if (code == WireFormat.CANCEL_REQUEST) {
      r = newRow(PgExchange.CANCEL, ctx);
      r.counts.startup(MessageCounts.CANCEL);
      r.requestBytes += wire;
      r.backendPid = e - o >= 8 ? WireFormat.int32(b, o + 4) : 0;
      r.answered = true; // the server answers a cancel request by closing the connection
      requestDone(r, f.endTs);
    } else if (WireFormat.isProtocol3(code)) {
      r = startupRow(ctx);
      r.counts.startup(MessageCounts.STARTUP);
      r.requestBytes += wire;
      startupParameters(r, b, o + 4, e);
      requestDone(r, f.endTs);
      c2s.mode = MessageFramer.TYPED;
      if (!replies.add(ReplyQueue.STARTUP, r)) {
        stop("too many outstanding requests", ctx);
      }
    } else {
      stop("malformed request: unknown startup code " + code, ctx);
    }
  }

  private void startupParameters(PgExchange r, byte[] b, int p, int e) {
    while (p < e && b[p] != 0) {
      int ke = WireFormat.cstringEnd(b, p, e);
      int ve = WireFormat.cstringEnd(b, Math.min(ke + 1, e), e);
      if (ke < e) {
        if (WireFormat.sameAscii("user", b, p, ke)) {
          user = WireFormat.utf8(b, ke + 1, ve);
        } else if (WireFormat.sameAscii("database", b, p, ke)) {
          database = WireFormat.utf8(b, ke + 1, ve);
        } else if (WireFormat.sameAscii("application_name", b, p, ke)) {
          r.applicationName = WireFormat.utf8(b, ke + 1, ve);
        }
      }
      p = ve + 1;
    }
    if (database == null || database.isEmpty()) {
      database = user; // the server's default
    }
  }

  private StatementText text(MessageFramer f, byte[] b, int o, int e) {
    int te = WireFormat.cstringEnd(b, o, e);
    boolean truncated = te == e && (f.dataLen < f.bodyLen || f.damaged);
    return new StatementText(b, o, te - o, truncated);
  }

  private StatementText lookupStatement(PgExchange r, byte[] b, int o, int e) {
    if (o >= e) {
      return unnamedStatement;
    }
    if (r.statementName == null || !WireFormat.sameAscii(r.statementName, b, o, e)) {
      r.statementName = WireFormat.utf8(b, o, e);
    }
    return statements.get(r.statementName);
  }

  private StatementText lookupPortal(byte[] b, int o, int e) {
    return o >= e ? unnamedPortal : portals.get(WireFormat.utf8(b, o, e));
  }

  private PgExchange startupRow(L7Context ctx) {
    if (startup == null) {
      startup = newRow(PgExchange.STARTUP, ctx);
    }
    return startup;
  }

  private PgExchange unit(L7Context ctx) {
    if (unit == null) {
      unit = newRow(PgExchange.SYNC, ctx);
    }
    return unit;
  }

  private PgExchange newRow(int kind, L7Context ctx) {
    PgExchange r = new PgExchange(ctx.nextTransactionSeq(), kind);
    open.add(r);
    return r;
  }

  private static void requestDone(PgExchange r, long ts) {
    r.requestDone = true;
    r.requestTs = ts;
  }

  private static void account(PgExchange r, int type, long wire) {
    r.counts.frontend(type);
    r.requestBytes += wire;
  }

  // ---------------------------------------------------------------- server to client

  private void backend(MessageFramer f, L7Context ctx) {
    int type = f.type;
    long ts = f.endTs;
    byte[] b = f.data;
    int o = f.dataOff;
    int e = o + f.dataLen;
    if (type == MessageFramer.ANSWER) {
      encryptionAnswer(b[o], f.startTs, ts, ctx);
      return;
    }
    if (replies.isEmpty()) {
      if (type == 'E') {
        PgExchange r = newRow(PgExchange.UNSOLICITED, ctx);
        r.requestDone = true;
        r.responseBytes = f.bodyLen + 5L;
        r.counts.backend(type);
        errorFields(r, b, o, e, ts);
        r.responseTs = ts;
      } else {
        unpairedMessages++;
      }
      return;
    }
    PgExchange r = replies.headRow();
    int head = replies.headType();
    r.counts.backend(type);
    r.responseBytes += f.bodyLen + 5L;
    if (r.requestDone && r.firstResponseTs == PgExchange.NONE) {
      r.firstResponseTs = f.startTs;
    }
    if (f.damaged) {
      r.error("gap in response");
    }
    switch (type) {
      case 'Z':
        readyForQuery(e > o ? (char) b[o] : '?', ts);
        break;
      case '1':
        popIf(head, 'P');
        break;
      case '2':
        popIf(head, 'B');
        break;
      case '3':
        popIf(head, 'C');
        break;
      case 'n':
        popIf(head, 'D');
        break;
      case 'T':
        if (head == 'D') {
          replies.pop();
        }
        break;
      case 'C':
        r.addTag(WireFormat.cstring(b, o, e));
        answerExecute(r, head, ts);
        break;
      case 'I':
      case 's':
        answerExecute(r, head, ts);
        break;
      case 'E':
        errorFields(r, b, o, e, ts);
        if (head == 'P' || head == 'B' || head == 'D' || head == 'E' || head == 'C') {
          answer(r, ts);
          // the server skips every message up to the next Sync
          while (!replies.isEmpty() && replies.headType() != 'S') {
            PgExchange x = replies.pop();
            if (x != r && !x.answered) {
              x.error("not executed: an earlier message of the batch failed");
            }
          }
        }
        break;
      case 'R':
        if (e - o >= 4) {
          String name = WireFormat.authName(WireFormat.int32(b, o));
          if (name != null && r.auth == null) {
            r.auth = "ok".equals(name) ? "trust" : name;
          }
        }
        break;
      case 'S': {
        int ne = WireFormat.cstringEnd(b, o, e);
        if (r.kind == PgExchange.STARTUP && ne < e && WireFormat.sameAscii("server_version", b, o, ne)) {
          r.serverVersion = WireFormat.cstring(b, ne + 1, e);
        }
        break;
      }
      case 'K':
        if (e - o >= 4) {
          r.backendPid = WireFormat.int32(b, o);
        }
        break;
      default: // D, t, N, A, G, H, W, d, c, V, v: belong to the statement being answered
        break;
    }
  }

  private void encryptionAnswer(int c, long startTs, long ts, L7Context ctx) {
    PgExchange r = startup;
    if (r == null) {
      unpairedMessages++;
      return;
    }
    String kind = encryptionRequest == WireFormat.GSSENC_REQUEST ? "gssenc" : "ssl";
    r.responseBytes += 1;
    if (c == 'N') {
      r.ssl = r.ssl == null ? kind + " refused" : r.ssl + ", " + kind + " refused";
      return;
    }
    r.ssl = kind + " accepted";
    r.firstResponseTs = startTs;
    r.requestDone = true;
    answer(r, ts);
    stop(null, ctx); // the rest of the connection is TLS / GSSAPI-encrypted
  }

  private void readyForQuery(char status, long ts) {
    while (!replies.isEmpty()) {
      int t = replies.headType();
      PgExchange x = replies.pop();
      if (t == 'Q' || t == 'S' || t == 'F' || t == ReplyQueue.STARTUP) {
        x.transactionStatus = status;
        if (x.kind != PgExchange.EXECUTE) {
          answer(x, ts); // an Execute row is answered by its own completion, not by the Sync's
        }
        if (x == startup) {
          startup = null;
        }
        return;
      }
      if (!x.answered) {
        x.error("no response");
      }
    }
  }

  private void popIf(int head, int expected) {
    if (head == expected) {
      replies.pop();
    } else {
      unpairedMessages++;
    }
  }

  private void answerExecute(PgExchange r, int head, long ts) {
    if (head == 'E') {
      answer(r, ts);
      replies.pop();
    }
  }

  private static void answer(PgExchange r, long ts) {
    if (!r.answered) {
      r.answered = true;
      r.responseTs = ts;
    }
  }

  private void errorFields(PgExchange r, byte[] b, int o, int e, long ts) {
    if (r.sqlstate != null) {
      return;
    }
    String code = WireFormat.errorField(b, o, e, 'C');
    r.sqlstate = code == null ? "?????" : code;
    String sev = WireFormat.errorField(b, o, e, 'V');
    r.severity = sev != null ? sev : WireFormat.errorField(b, o, e, 'S');
    String msg = WireFormat.errorField(b, o, e, 'M');
    if (msg != null) {
      byte[] m = msg.getBytes(StandardCharsets.UTF_8);
      r.errorMessage = m.length <= bodyCap ? m : java.util.Arrays.copyOf(m, bodyCap);
    }
    r.errorTs = ts;
  }

  // ---------------------------------------------------------------- gaps, end, emission

  @Override
  public void onGap(int direction, long bytes, long ts, L7Context ctx) {
    if (dead) {
      return;
    }
    MessageFramer f = direction == C2S ? c2s : s2c;
    if (!f.skip(bytes, ts)) {
      stop(direction == C2S ? "gap in request stream" : "gap in response stream", ctx);
      return;
    }
    if (f.hasMessage) {
      handle(direction, f, ctx);
      f.consumed();
      emitReady(ctx);
    }
  }

  @Override
  public void onFin(int direction, long ts, L7Context ctx) {}

  @Override
  public void onClose(long ts, L7Context ctx) {
    if (!dead) {
      if (c2s.midMessage() && unit != null) {
        unit.error("request incomplete at connection end");
      }
      if (s2c.midMessage() && !replies.isEmpty()) {
        replies.headRow().error("response incomplete at connection end");
      }
      stop("no response", ctx);
    }
  }

  /** Ends the dissection: every open row is emitted, unanswered ones with {@code error} (if given). */
  private void stop(String error, L7Context ctx) {
    dead = true;
    while (!open.isEmpty()) {
      PgExchange r = open.poll();
      if (!r.answered) {
        if (r.errorTs != PgExchange.NONE) {
          r.responseTs = r.errorTs; // a FATAL error, then the server closed
          r.answered = true;
        } else if (!r.requestDone) {
          r.error("request incomplete at connection end");
        } else if (error != null) {
          r.error(r.kind == PgExchange.STARTUP && r.auth != null && !"trust".equals(r.auth)
              ? "connection closed during authentication" : error);
        }
      }
      emit(r, ctx);
    }
    replies.clear();
    unit = null;
    lastExecute = null;
    startup = null;
    c2s.mode = MessageFramer.DEAD;
    s2c.mode = MessageFramer.DEAD;
    statements = new PreparedStatements();
    portals = new PreparedStatements();
    unnamedStatement = null;
    unnamedPortal = null;
  }

  private void emitReady(L7Context ctx) {
    while (!open.isEmpty() && open.peek().done()) {
      emit(open.poll(), ctx);
    }
  }

  private void emit(PgExchange r, L7Context ctx) {
    r.emitted = true;
    Long reqTs = r.requestTs == PgExchange.NONE ? null : r.requestTs;
    Long respTs = r.responseTs == PgExchange.NONE ? null : r.responseTs;
    Long latency = reqTs != null && respTs != null ? respTs - reqTs : null;
    Long ttfb = reqTs != null && r.firstResponseTs != PgExchange.NONE ? r.firstResponseTs - reqTs : null;
    String path = r.sql == null ? null : r.sql.normalized;
    boolean ok = r.answered && r.sqlstate == null && r.error == null;
    ctx.emit(new L7Transaction(
        ctx.flowId() + ":" + r.seq,
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
        RowFields.method(r),
        database,
        path,
        path,
        ok ? 0 : null,
        r.requestBytes,
        r.responseBytes,
        RowFields.requestHeaders(r, user, database),
        RowFields.responseHeaders(r),
        RowFields.requestBody(r, mask),
        r.errorMessage,
        r.hasAuthorization,
        r.sqlstate != null ? r.sqlstate : r.error));
  }

  @Override
  public long bufferedBytes() {
    long b = c2s.bufferedBytes() + s2c.bufferedBytes() + statements.bufferedBytes() + portals.bufferedBytes();
    for (PgExchange r : open) {
      b += r.bufferedBytes();
    }
    return b;
  }

  /** Rows started and not yet emitted. */
  int openRows() {
    return open.size();
  }
}
