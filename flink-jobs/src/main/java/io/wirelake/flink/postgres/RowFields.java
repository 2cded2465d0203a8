package io.wirelake.flink.postgres;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;

/** The l7_transactions columns of a finished {@link PgExchange} that need more than a copy. */
final class RowFields {
  private RowFields() {}

  /**
   * The command verb: from the first CommandComplete tag ({@code SELECT 5} gives {@code SELECT},
   * {@code CREATE TABLE} stays), else the statement's first keyword; {@code STARTUP}, {@code CANCEL},
   * {@code FUNCTION CALL}; for Sync rows without an Execute {@code PARSE}, {@code BIND}, {@code DESCRIBE},
   * {@code CLOSE} or {@code SYNC} after the first such message they carry.
   */
  static String method(PgExchange r) {
    switch (r.kind) {
      case PgExchange.STARTUP:
        return "STARTUP";
      case PgExchange.CANCEL:
        return "CANCEL";
      case PgExchange.FUNCTION_CALL:
        return "FUNCTION CALL";
      case PgExchange.UNSOLICITED:
        return null;
      case PgExchange.SYNC:
        if (r.counts.frontendCount('P') > 0) {
          return "PARSE";
        }
        if (r.counts.frontendCount('B') > 0) {
          return "BIND";
        }
        if (r.counts.frontendCount('D') > 0) {
          return "DESCRIBE";
        }
        if (r.counts.frontendCount('C') > 0) {
          return "CLOSE";
        }
        return "SYNC";
      default:
        if (r.tags != null) {
          int semi = r.tags.indexOf(';');
          return CommandTag.verb(semi < 0 ? r.tags : r.tags.substring(0, semi));
        }
        return r.sql == null ? null : r.sql.keyword;
    }
  }

  static HashMap<String, String> requestHeaders(PgExchange r, String user, String database) {
    HashMap<String, String> h = new HashMap<>();
    put(h, "user", user);
    put(h, "database", database);
    switch (r.kind) {
      case PgExchange.STARTUP:
        put(h, "application_name", r.applicationName);
        break;
      case PgExchange.SIMPLE:
        h.put("mode", "simple");
        break;
      case PgExchange.EXECUTE:
      case PgExchange.SYNC:
        h.put("mode", "extended");
        put(h, "statement", r.statementName);
        break;
      case PgExchange.CANCEL:
        h.put("backend_pid", Integer.toString(r.backendPid));
        break;
      default:
        break;
    }
    if (r.sql != null && r.sql.truncated) {
      h.put("query_truncated", "true");
    }
    put(h, "messages", r.counts.frontendSummary());
    return h;
  }

  static HashMap<String, String> responseHeaders(PgExchange r) {
    HashMap<String, String> h = new HashMap<>();
    put(h, "command_tag", r.tags);
    if (r.tagRows >= 0) {
      h.put("rows", Long.toString(r.tagRows));
    }
    put(h, "sqlstate", r.sqlstate);
    put(h, "severity", r.severity);
    if (r.transactionStatus != 0) {
      h.put("transaction_status", String.valueOf(r.transactionStatus));
    }
    if (r.kind == PgExchange.STARTUP) {
      put(h, "auth", r.auth);
      put(h, "server_version", r.serverVersion);
      if (r.backendPid != 0) {
        h.put("backend_pid", Integer.toString(r.backendPid));
      }
      put(h, "ssl", r.ssl);
      if (r.ssl != null && r.ssl.endsWith("accepted")) {
        h.put("encrypted", "true");
      }
    }
    put(h, "messages", r.counts.backendSummary());
    return h.isEmpty() ? null : h;
  }

  /**
   * The statement's raw text (capped at the body cap). With secret masking on, a text that mentions a
   * password (ALTER ROLE ... PASSWORD '...') is stored normalized instead, literals replaced.
   */
  static byte[] requestBody(PgExchange r, boolean mask) {
    if (r.sql == null || r.sql.raw.length == 0) {
      return null;
    }
    if (mask && mentionsPassword(r.sql.raw)) {
      return r.sql.normalized.getBytes(StandardCharsets.UTF_8);
    }
    return r.sql.raw;
  }

  static boolean mentionsPassword(byte[] b) {
    String w = "password";
    outer:
    for (int i = 0; i + w.length() <= b.length; i++) {
      for (int k = 0; k < w.length(); k++) {
        if ((b[i + k] | 0x20) != w.charAt(k)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void put(HashMap<String, String> h, String k, String v) {
    if (v != null) {
      h.put(k, v);
    }
  }
}
