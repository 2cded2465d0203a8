package io.wirelake.flink.redis;

/** One command and its reply while they are being paired. Plain mutable state. */
final class RedisCommand {
  static final long NONE = Long.MIN_VALUE;

  long seq;
  /** Upper-case command name (semantics); {@link #method} may add the subcommand. */
  String name;
  String method;
  String key;
  boolean hasAuthorization;
  byte[] requestBody;
  long requestBytes;
  long requestTs = NONE;
  /** Subscription kind ({@link CommandTable#SUB_SUBSCRIBE}...) and confirmations still expected. */
  int subscription;
  int confirmationsLeft;
  boolean gotReply;
  long responseFirstByteTs = NONE;
  long responseTs = NONE;
  long responseBytes;
  byte[] responseBody;
  String error;

  RedisCommand() {}

  RedisCommand(long seq) {
    this.seq = seq;
  }

  void error(String e) {
    if (error == null) {
      error = e;
    }
  }

  long bufferedBytes() {
    return (requestBody == null ? 0 : requestBody.length) + (responseBody == null ? 0 : responseBody.length);
  }
}
