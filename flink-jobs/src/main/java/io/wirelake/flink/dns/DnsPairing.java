package io.wirelake.flink.dns;

import io.wirelake.flink.l7.L7Context;
import java.util.ArrayList;

/**
 * Pairs the queries and responses of one UDP flow or TCP connection by transaction id, as tshark 4.0 does:
 * a query repeating the id of an unanswered query within {@link #RETRANSMIT_WINDOW_MICROS} is a retransmission
 * (counted; the latency still runs from the first copy); a later one starts a new transaction and the old query
 * is given up ({@code no response}). A response pairs with the pending query of its id; a second response to an
 * answered id is a duplicate and ignored; a response without a query is emitted alone ({@code no query}).
 * Queries unanswered after {@link #QUERY_TIMEOUT_MICROS} are emitted with {@code no response}; at most
 * {@link #MAX_PENDING} wait at once (the oldest is given up first).
 *
 * <p>Plain mutable state, Kryo-serializable.
 */
final class DnsPairing {
  /** tshark's {@code dns.retransmission_timer} default. */
  static final long RETRANSMIT_WINDOW_MICROS = 5_000_000L;
  static final long QUERY_TIMEOUT_MICROS = 10_000_000L;
  static final int MAX_PENDING = 256;
  /** Answered ids remembered to recognise duplicate responses. */
  static final int RECENT = 16;

  private String transport;
  private ArrayList<DnsPending> pending = new ArrayList<>();
  private int[] recentIds = new int[RECENT];
  private int recentCount;
  private int recentNext;
  private long retransmittedQueries;
  private long duplicateResponses;

  DnsPairing() {}

  DnsPairing(String transport) {
    this.transport = transport;
  }

  void onQuery(DnsMessage m, long ts, L7Context ctx) {
    int i = indexOf(m.id);
    if (i >= 0) {
      DnsPending p = pending.get(i);
      if (ts - p.requestTs < RETRANSMIT_WINDOW_MICROS) {
        p.retransmissions++;
        retransmittedQueries++;
        return;
      }
      pending.remove(i);
      ctx.emit(DnsRows.unanswered(p, transport, DnsRows.NO_RESPONSE, ctx));
    }
    if (pending.size() >= MAX_PENDING) {
      ctx.emit(DnsRows.unanswered(pending.remove(0), transport, DnsRows.NO_RESPONSE, ctx));
    }
    pending.add(new DnsPending(m, ts));
    forget(m.id);
  }

  /** A response whose first byte was captured at {@code firstByteTs} and its last at {@code ts}. */
  void onResponse(DnsMessage m, long firstByteTs, long ts, L7Context ctx) {
    int i = indexOf(m.id);
    if (i >= 0) {
      DnsPending p = pending.remove(i);
      ctx.emit(DnsRows.answered(p, m, firstByteTs, ts, transport, ctx));
      remember(m.id);
      return;
    }
    if (isRecent(m.id)) {
      duplicateResponses++;
      return;
    }
    ctx.emit(DnsRows.orphan(m, ts, transport, ctx));
  }

  /** Emits the queries unanswered for {@link #QUERY_TIMEOUT_MICROS} at {@code now}. */
  void expire(long now, L7Context ctx) {
    while (!pending.isEmpty() && now - pending.get(0).requestTs >= QUERY_TIMEOUT_MICROS) {
      ctx.emit(DnsRows.unanswered(pending.remove(0), transport, DnsRows.NO_RESPONSE, ctx));
    }
  }

  /** Emits every pending query unanswered with {@code error}. */
  void giveUp(String error, L7Context ctx) {
    for (DnsPending p : pending) {
      ctx.emit(DnsRows.unanswered(p, transport, error, ctx));
    }
    pending.clear();
  }

  long nextTimerMicros() {
    return pending.isEmpty() ? Long.MAX_VALUE : pending.get(0).requestTs + QUERY_TIMEOUT_MICROS;
  }

  boolean hasPending() {
    return !pending.isEmpty();
  }

  int pendingCount() {
    return pending.size();
  }

  long retransmittedQueries() {
    return retransmittedQueries;
  }

  long duplicateResponses() {
    return duplicateResponses;
  }

  private int indexOf(int id) {
    for (int i = pending.size() - 1; i >= 0; i--) {
      if (pending.get(i).id == id) {
        return i;
      }
    }
    return -1;
  }

  private void remember(int id) {
    recentIds[recentNext] = id;
    recentNext = (recentNext + 1) % RECENT;
    recentCount = Math.min(RECENT, recentCount + 1);
  }

  private boolean isRecent(int id) {
    for (int i = 0; i < recentCount; i++) {
      if (recentIds[i] == id) {
        return true;
      }
    }
    return false;
  }

  /** A new query reuses {@code id}: a later response to it is not a duplicate. */
  private void forget(int id) {
    for (int i = 0; i < recentCount; i++) {
      if (recentIds[i] == id) {
        recentIds[i] = -1;
      }
    }
  }
}
