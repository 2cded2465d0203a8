package io.wirelake.flink.postgres;

/** One PostgreSQL transaction row while it is being assembled. Plain mutable state. */
final class PgExchange {
  static final long NONE = Long.MIN_VALUE;

  static final int STARTUP = 0;
  /** Simple query (Q), answered by ReadyForQuery. */
  static final int SIMPLE = 1;
  /** Extended protocol: Parse/Bind/Describe up to and including one Execute. */
  static final int EXECUTE = 2;
  /** Extended protocol messages without an Execute, ended by a Sync (prepare, describe, close, bare sync). */
  static final int SYNC = 3;
  static final int FUNCTION_CALL = 4;
  static final int CANCEL = 5;
  /** A backend ErrorResponse that answers nothing (e.g. FATAL on shutdown). */
  static final int UNSOLICITED = 6;

  long seq;
  int kind;
  StatementText sql;
  String statementName;
  /** The request part is complete: no further frontend message joins except a trailing Sync. */
  boolean requestDone;
  /** Entries in the reply queue that belong to this row. */
  int pending;
  boolean emitted;
  /** Got the message that answers its request (ReadyForQuery, CommandComplete, ...). */
  boolean answered;

  long requestTs = NONE;
  long firstResponseTs = NONE;
  long responseTs = NONE;
  long errorTs = NONE;
  long requestBytes;
  long responseBytes;
  MessageCounts counts = new MessageCounts();

  String tags;
  long tagRows = -1;
  String sqlstate;
  String severity;
  byte[] errorMessage;
  String error;
  char transactionStatus;

  // startup rows
  boolean hasAuthorization;
  String auth;
  String serverVersion;
  String ssl;
  int backendPid;
  String applicationName;

  PgExchange() {}

  PgExchange(long seq, int kind) {
    this.seq = seq;
    this.kind = kind;
  }

  void error(String e) {
    if (error == null) {
      error = e;
    }
  }

  boolean done() {
    return requestDone && pending == 0;
  }

  void addTag(String tag) {
    tags = tags == null ? tag : tags.length() < 256 ? tags + ";" + tag : tags;
    long n = CommandTag.rows(tag);
    if (n >= 0) {
      tagRows = tagRows < 0 ? n : tagRows + n;
    }
  }

  long bufferedBytes() {
    return sql == null || kind != SIMPLE ? 0 : sql.bytes();
  }
}
