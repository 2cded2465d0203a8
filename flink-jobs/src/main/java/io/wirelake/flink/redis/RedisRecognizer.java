package io.wirelake.flink.redis;

import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.l7.L7Recognizer;
import io.wirelake.flink.tcp.DissectionConfig;

/**
 * Redis by content, on the client's first bytes: a RESP array of bulk strings ({@code *<n>\r\n$<len>\r\n}),
 * or an inline command: a common command word followed by a space or a line end ({@code PING\r\n}). The
 * server side never decides (Redis does not speak first).
 *
 * <p>Not claimed, so other protocols keep their traffic: words that start HTTP requests ({@code GET},
 * {@code COPY}, {@code MOVE} are also WebDAV methods; an inline {@code GET key} is left to HTTP's recognizer),
 * and memcached's text protocol: the words it shares with Redis ({@code set}, {@code get}, {@code incr},
 * {@code decr}, {@code append}, {@code prepend}, {@code touch}, {@code quit}) only match in upper case, as
 * memcached is case-sensitive and lower case.
 */
public final class RedisRecognizer implements L7Recognizer {
  static final String[] INLINE_WORDS = {
      "PING", "ECHO", "INFO", "AUTH", "HELLO", "SELECT", "SET", "DEL", "EXISTS", "EXPIRE", "TTL", "TYPE", "INCR",
      "INCRBY", "DECR", "DECRBY", "APPEND", "MGET", "MSET", "SETEX", "SETNX", "GETSET", "KEYS", "SCAN", "DBSIZE",
      "FLUSHDB", "FLUSHALL", "HGET", "HSET", "HMGET", "HMSET", "HGETALL", "HDEL", "HINCRBY", "LPUSH", "RPUSH",
      "LPOP", "RPOP", "LRANGE", "LLEN", "SADD", "SREM", "SMEMBERS", "SCARD", "SPOP", "ZADD", "ZRANGE", "ZREM",
      "ZSCORE", "ZCARD", "SUBSCRIBE", "PSUBSCRIBE", "PUBLISH", "MONITOR", "CONFIG", "CLIENT", "COMMAND", "CLUSTER",
      "SLOWLOG", "MULTI", "EXEC", "QUIT", "XADD", "XRANGE", "XREAD", "EVAL", "EVALSHA", "SCRIPT", "TIME", "ROLE",
      "TOUCH"};
  /** Shared with memcached's text protocol: matched in upper case only. */
  static final String[] UPPER_ONLY = {"SET", "GET", "INCR", "DECR", "APPEND", "PREPEND", "TOUCH", "QUIT"};

  @Override
  public String protocol() {
    return RedisDissector.PROTOCOL;
  }

  @Override
  public int recognize(int direction, byte[] buf, int off, int len) {
    if (direction != L7Dissector.C2S) {
      return NO_MATCH;
    }
    if (len == 0) {
      return NEED_MORE;
    }
    return buf[off] == '*' ? array(buf, off, len) : inline(buf, off, len);
  }

  /** {@code *<1-9 digits>\r\n$<1-10 digits>\r\n}. */
  static int array(byte[] b, int off, int len) {
    int p = 1;
    int[] q = {p};
    int v = digitsCrlf(b, off, len, q, 9);
    if (v != MATCH) {
      return v;
    }
    p = q[0];
    if (p >= len) {
      return NEED_MORE;
    }
    if (b[off + p] != '$') {
      return NO_MATCH;
    }
    q[0] = p + 1;
    return digitsCrlf(b, off, len, q, 10);
  }

  private static int digitsCrlf(byte[] b, int off, int len, int[] pos, int maxDigits) {
    int p = pos[0];
    int d = 0;
    while (p < len && b[off + p] >= '0' && b[off + p] <= '9') {
      p++;
      if (++d > maxDigits) {
        return NO_MATCH;
      }
    }
    if (p >= len) {
      return NEED_MORE;
    }
    if (d == 0 || b[off + p] != '\r') {
      return NO_MATCH;
    }
    if (p + 1 >= len) {
      return NEED_MORE;
    }
    if (b[off + p + 1] != '\n') {
      return NO_MATCH;
    }
    pos[0] = p + 2;
    return MATCH;
  }

  static int inline(byte[] b, int off, int len) {
    boolean needMore = false;
    for (String w : INLINE_WORDS) {
      int v = word(w, b, off, len);
      if (v == MATCH) {
        return MATCH;
      }
      needMore |= v == NEED_MORE;
    }
    return needMore ? NEED_MORE : NO_MATCH;
  }

  private static int word(String w, byte[] b, int off, int len) {
    int n = w.length();
    boolean upperOnly = false;
    for (String u : UPPER_ONLY) {
      upperOnly |= u.equals(w);
    }
    for (int i = 0; i < n; i++) {
      if (i >= len) {
        return NEED_MORE;
      }
      byte c = b[off + i];
      if (c != w.charAt(i) && (upperOnly || RespReader.upper(c) != w.charAt(i))) {
        return NO_MATCH;
      }
    }
    if (n >= len) {
      return NEED_MORE;
    }
    byte c = b[off + n];
    return c == ' ' || c == '\r' || c == '\n' ? MATCH : NO_MATCH;
  }

  @Override
  public L7Dissector create(DissectionConfig config) {
    return new RedisDissector(config);
  }
}
