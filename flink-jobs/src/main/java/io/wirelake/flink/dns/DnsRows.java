package io.wirelake.flink.dns;

import io.wirelake.flink.l7.L7Context;
import io.wirelake.flink.model.L7Transaction;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the {@code l7_transactions} rows of DNS: {@code method} the query type, {@code path} the query name,
 * {@code route} the name with id-like labels templated, {@code status} the response code (0 = NOERROR), its name
 * in {@code error} when it is not NOERROR; header maps with the id, flags, counts and the answer summary.
 */
final class DnsRows {
  static final String PROTOCOL = "dns";
  static final String NO_RESPONSE = "no response";
  static final String NO_QUERY = "no query";

  private DnsRows() {}

  /** A query and its response. */
  static L7Transaction answered(DnsPending q, DnsMessage r, long firstByteTs, long ts, String transport, L7Context ctx) {
    String error = r.rcode != 0 ? DnsCodes.rcodeName(r.rcode) : null;
    if (r.error != null) {
      error = error == null ? "malformed response: " + r.error : error + "; malformed response: " + r.error;
    } else if (q.requestError != null && error == null) {
      error = "malformed query: " + q.requestError;
    }
    return row(ctx, q.requestTs, ts, ts - q.requestTs, firstByteTs - q.requestTs, typeOf(q.qtype), q.qname,
        r.rcode, q.requestBytes, r.length, request(q, transport), response(r), error);
  }

  /** A query whose response never came (or came too late). */
  static L7Transaction unanswered(DnsPending q, String transport, String error, L7Context ctx) {
    String e = q.requestError == null ? error : error + "; malformed query: " + q.requestError;
    return row(ctx, q.requestTs, null, null, null, typeOf(q.qtype), q.qname, null, q.requestBytes, 0,
        request(q, transport), null, e);
  }

  /** A response without a query (the query was not captured or timed out before it). */
  static L7Transaction orphan(DnsMessage r, long ts, String transport, L7Context ctx) {
    Map<String, String> req = new HashMap<>();
    req.put("id", Integer.toString(r.id));
    req.put("transport", transport);
    String error = r.error != null ? NO_QUERY + "; malformed response: " + r.error : NO_QUERY;
    return row(ctx, null, ts, null, null, typeOf(r.qtype), r.qname, r.rcode, 0, r.length, req, response(r), error);
  }

  private static String typeOf(int qtype) {
    return qtype < 0 ? null : DnsCodes.typeName(qtype);
  }

  private static L7Transaction row(L7Context ctx, Long reqTs, Long respTs, Long latency, Long ttfb, String method,
      String qname, Integer status, long reqBytes, long respBytes, Map<String, String> reqHeaders,
      Map<String, String> respHeaders, String error) {
    return new L7Transaction(ctx.flowId() + ":" + ctx.nextTransactionSeq(), ctx.flowId(), ctx.node(), PROTOCOL,
        ctx.clientIp(), ctx.clientPort(), ctx.serverIp(), ctx.serverPort(), reqTs, respTs, latency, ttfb, method,
        null, qname, route(qname), status, reqBytes, respBytes, reqHeaders, respHeaders, null, null, false, error);
  }

  private static Map<String, String> request(DnsPending q, String transport) {
    Map<String, String> h = new HashMap<>();
    h.put("id", Integer.toString(q.id));
    h.put("transport", transport);
    h.put("opcode", DnsCodes.opcodeName((q.flags >> 11) & 0xf));
    h.put("flags", DnsMessage.flagText(q.flags));
    if (q.qclass >= 0) {
      h.put("class", DnsCodes.className(q.qclass));
    }
    if (q.retransmissions > 0) {
      h.put("retransmissions", Integer.toString(q.retransmissions));
    }
    return h;
  }

  private static Map<String, String> response(DnsMessage r) {
    Map<String, String> h = new HashMap<>();
    h.put("rcode", DnsCodes.rcodeName(r.rcode));
    h.put("flags", r.flagText());
    h.put("answer_count", Integer.toString(r.ancount));
    h.put("authority_count", Integer.toString(r.nscount));
    h.put("additional_count", Integer.toString(r.arcount));
    if (!r.answers.isEmpty()) {
      h.put("answers", r.answers);
    }
    if (r.truncated()) {
      h.put("truncated", "true");
    }
    return h;
  }

  /** The name with labels that look like ids (all digits; hex of 8+ characters with a digit) as {@code {id}}. */
  static String route(String name) {
    if (name == null) {
      return null;
    }
    StringBuilder sb = null;
    int start = 0;
    int n = name.length();
    for (int i = 0; i <= n; i++) {
      if (i < n && name.charAt(i) != '.') {
        continue;
      }
      if (isId(name, start, i)) {
        if (sb == null) {
          sb = new StringBuilder(n).append(name, 0, start);
        }
        sb.append("{id}");
      } else if (sb != null) {
        sb.append(name, start, i);
      }
      if (sb != null && i < n) {
        sb.append('.');
      }
      start = i + 1;
    }
    return sb == null ? name : sb.toString();
  }

  private static boolean isId(String s, int from, int to) {
    int n = to - from;
    if (n == 0) {
      return false;
    }
    boolean digits = true;
    boolean hex = true;
    boolean anyDigit = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean d = c >= '0' && c <= '9';
      digits &= d;
      hex &= d || (c >= 'a' && c <= 'f');
      anyDigit |= d;
    }
    return digits || (hex && anyDigit && n >= 8);
  }
}
