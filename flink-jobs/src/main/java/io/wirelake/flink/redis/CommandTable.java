package io.wirelake.flink.redis;

import java.nio.charset.StandardCharsets;

/**
 * What the dissector knows about Redis commands: canonical (upper-case, interned) names, container commands
 * whose subcommand is part of the method ({@code CONFIG GET}), where the first key is, the Pub/Sub family, and
 * which arguments are secrets.
 *
 * <p>First key ({@code path}): the first argument, except: none for commands without keys ({@code PING},
 * {@code INFO}, {@code AUTH}, {@code SELECT}, {@code MULTI}, {@code KEYS}, {@code SCAN}, container commands
 * such as {@code CONFIG}, ...); the third word for {@code OBJECT}, {@code MEMORY}, {@code XINFO},
 * {@code XGROUP} ({@code OBJECT ENCODING key}) and {@code BITOP op destkey}; the first key after
 * {@code numkeys} for {@code EVAL}/{@code EVALSHA}/{@code FCALL} (none if {@code numkeys} is 0) and
 * {@code ZUNION}/{@code ZINTER}/{@code ZDIFF}/{@code SINTERCARD}/{@code ZINTERCARD}/{@code LMPOP}/{@code ZMPOP}
 * /{@code BLMPOP}/{@code BZMPOP}; the first key after {@code STREAMS} for {@code XREAD}/{@code XREADGROUP}; the
 * key of {@code MIGRATE host port key}. Pub/Sub commands give their first channel or pattern.
 */
final class CommandTable {
  private CommandTable() {}

  private static final String[] KNOWN = {
      "ACL", "APPEND", "ASKING", "AUTH", "BGREWRITEAOF", "BGSAVE", "BITCOUNT", "BITFIELD", "BITFIELD_RO", "BITOP",
      "BITPOS", "BLMOVE", "BLMPOP", "BLPOP", "BRPOP", "BRPOPLPUSH", "BZMPOP", "BZPOPMAX", "BZPOPMIN", "CLIENT",
      "CLUSTER", "COMMAND", "CONFIG", "COPY", "DBSIZE", "DEBUG", "DECR", "DECRBY", "DEL", "DISCARD", "DUMP", "ECHO",
      "EVAL", "EVALSHA", "EVALSHA_RO", "EVAL_RO", "EXEC", "EXISTS", "EXPIRE", "EXPIREAT", "EXPIRETIME", "FAILOVER",
      "FCALL", "FCALL_RO", "FLUSHALL", "FLUSHDB", "FUNCTION", "GEOADD", "GEODIST", "GEOHASH", "GEOPOS", "GEORADIUS",
      "GEORADIUSBYMEMBER", "GEOSEARCH", "GEOSEARCHSTORE", "GET", "GETBIT", "GETDEL", "GETEX", "GETRANGE", "GETSET",
      "HDEL", "HELLO", "HEXISTS", "HGET", "HGETALL", "HINCRBY", "HINCRBYFLOAT", "HKEYS", "HLEN", "HMGET", "HMSET",
      "HRANDFIELD", "HSCAN", "HSET", "HSETNX", "HSTRLEN", "HVALS", "INCR", "INCRBY", "INCRBYFLOAT", "INFO", "KEYS",
      "LASTSAVE", "LATENCY", "LCS", "LINDEX", "LINSERT", "LLEN", "LMOVE", "LMPOP", "LOLWUT", "LPOP", "LPOS", "LPUSH",
      "LPUSHX", "LRANGE", "LREM", "LSET", "LTRIM", "MEMORY", "MGET", "MIGRATE", "MODULE", "MONITOR", "MOVE", "MSET",
      "MSETNX", "MULTI", "OBJECT", "PERSIST", "PEXPIRE", "PEXPIREAT", "PEXPIRETIME", "PFADD", "PFCOUNT", "PFMERGE",
      "PING", "PSETEX", "PSUBSCRIBE", "PSYNC", "PTTL", "PUBLISH", "PUBSUB", "PUNSUBSCRIBE", "QUIT", "RANDOMKEY",
      "READONLY", "READWRITE", "RENAME", "RENAMENX", "REPLCONF", "REPLICAOF", "RESET", "RESTORE", "ROLE", "RPOP",
      "RPOPLPUSH", "RPUSH", "RPUSHX", "SADD", "SAVE", "SCAN", "SCARD", "SCRIPT", "SDIFF", "SDIFFSTORE", "SELECT",
      "SET", "SETBIT", "SETEX", "SETNX", "SETRANGE", "SHUTDOWN", "SINTER", "SINTERCARD", "SINTERSTORE",
      "SISMEMBER", "SLAVEOF", "SLOWLOG", "SMEMBERS", "SMISMEMBER", "SMOVE", "SORT", "SORT_RO", "SPOP", "SPUBLISH",
      "SRANDMEMBER", "SREM", "SSCAN", "SSUBSCRIBE", "STRLEN", "SUBSCRIBE", "SUBSTR", "SUNION", "SUNIONSTORE",
      "SUNSUBSCRIBE", "SWAPDB", "SYNC", "TIME", "TOUCH", "TTL", "TYPE", "UNLINK", "UNSUBSCRIBE", "UNWATCH", "WAIT",
      "WAITAOF", "WATCH", "XACK", "XADD", "XAUTOCLAIM", "XCLAIM", "XDEL", "XGROUP", "XINFO", "XLEN", "XPENDING",
      "XRANGE", "XREAD", "XREADGROUP", "XREVRANGE", "XSETID", "XTRIM", "ZADD", "ZCARD", "ZCOUNT", "ZDIFF",
      "ZDIFFSTORE", "ZINCRBY", "ZINTER", "ZINTERCARD", "ZINTERSTORE", "ZLEXCOUNT", "ZMPOP", "ZMSCORE", "ZPOPMAX",
      "ZPOPMIN", "ZRANDMEMBER", "ZRANGE", "ZRANGEBYLEX", "ZRANGEBYSCORE", "ZRANGESTORE", "ZRANK", "ZREM",
      "ZREMRANGEBYLEX", "ZREMRANGEBYRANK", "ZREMRANGEBYSCORE", "ZREVRANGE", "ZREVRANGEBYLEX", "ZREVRANGEBYSCORE",
      "ZREVRANK", "ZSCAN", "ZSCORE", "ZUNION", "ZUNIONSTORE"};

  private static final String[] CONTAINERS = {
      "ACL", "CLIENT", "CLUSTER", "COMMAND", "CONFIG", "FUNCTION", "LATENCY", "MEMORY", "MODULE", "OBJECT", "PUBSUB",
      "SCRIPT", "SLOWLOG", "XGROUP", "XINFO"};

  private static final String[] NO_KEY = {
      "ACL", "ASKING", "AUTH", "BGREWRITEAOF", "BGSAVE", "CLIENT", "CLUSTER", "COMMAND", "CONFIG", "DBSIZE", "DEBUG",
      "DISCARD", "ECHO", "EXEC", "FAILOVER", "FLUSHALL", "FLUSHDB", "FUNCTION", "HELLO", "INFO", "KEYS", "LASTSAVE",
      "LATENCY", "LOLWUT", "MODULE", "MONITOR", "MULTI", "PING", "PSYNC", "PUBSUB", "QUIT", "RANDOMKEY", "READONLY",
      "READWRITE", "REPLCONF", "REPLICAOF", "RESET", "ROLE", "SAVE", "SCAN", "SCRIPT", "SELECT", "SHUTDOWN",
      "SLAVEOF", "SLOWLOG", "SWAPDB", "SYNC", "TIME", "UNWATCH", "WAIT", "WAITAOF"};

  private static final String[] KEY_AT_2 = {"OBJECT", "MEMORY", "XINFO", "XGROUP", "BITOP"};
  /** numkeys at argument 2, first key at 3. */
  private static final String[] NUMKEYS_AT_2 = {
      "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO", "BLMPOP", "BZMPOP"};
  /** numkeys at argument 1, first key at 2. */
  private static final String[] NUMKEYS_AT_1 = {"ZUNION", "ZINTER", "ZDIFF", "SINTERCARD", "ZINTERCARD", "LMPOP", "ZMPOP"};

  /** Pub/Sub subscription commands (RESP2 subscribe mode; one confirmation per channel). */
  static final int SUB_NONE = 0;
  static final int SUB_SUBSCRIBE = 1;
  static final int SUB_UNSUBSCRIBE = 2;

  private static final int TABLE_SIZE = 1024;
  private static final String[] TABLE = new String[TABLE_SIZE];

  static {
    for (String k : KNOWN) {
      int h = hash(k.getBytes(StandardCharsets.US_ASCII), 0, k.length()) & (TABLE_SIZE - 1);
      while (TABLE[h] != null) {
        h = (h + 1) & (TABLE_SIZE - 1);
      }
      TABLE[h] = k;
    }
  }

  private static int hash(byte[] b, int off, int len) {
    int h = len;
    for (int i = 0; i < len; i++) {
      h = h * 31 + RespReader.upper(b[off + i]);
    }
    return h ^ (h >>> 11);
  }

  /** Upper-case name of the bytes; the interned constant for known commands (no allocation), else a new String. */
  static String name(byte[] b, int off, int len) {
    if (len <= 20) {
      int h = hash(b, off, len) & (TABLE_SIZE - 1);
      String k;
      while ((k = TABLE[h]) != null) {
        if (equalsIgnoreCase(k, b, off, len)) {
          return k;
        }
        h = (h + 1) & (TABLE_SIZE - 1);
      }
    }
    byte[] u = new byte[len];
    for (int i = 0; i < len; i++) {
      u[i] = RespReader.upper(b[off + i]);
    }
    return new String(u, StandardCharsets.ISO_8859_1);
  }

  static boolean equalsIgnoreCase(String k, byte[] b, int off, int len) {
    if (k.length() != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (RespReader.upper(b[off + i]) != RespReader.upper((byte) k.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isContainer(String name) {
    return indexOf(CONTAINERS, name) >= 0;
  }

  /** Index of the first key among the arguments (0 is the command name), or -1 if the command has none. */
  static int keyIndex(String name, RespReader r) {
    int n = r.keptElements();
    int i;
    if (indexOf(NO_KEY, name) >= 0) {
      return -1;
    } else if (indexOf(KEY_AT_2, name) >= 0) {
      i = 2;
    } else if (indexOf(NUMKEYS_AT_2, name) >= 0) {
      i = r.elemLong(2) > 0 ? 3 : -1;
    } else if (indexOf(NUMKEYS_AT_1, name) >= 0) {
      i = r.elemLong(1) > 0 ? 2 : -1;
    } else if ("XREAD".equals(name) || "XREADGROUP".equals(name)) {
      i = -1;
      for (int k = 1; k < n - 1; k++) {
        if (r.elemEqualsIgnoreCase(k, "STREAMS")) {
          i = k + 1;
          break;
        }
      }
    } else if ("MIGRATE".equals(name)) {
      i = 3;
    } else {
      i = 1;
    }
    return i >= 0 && i < n && r.elemFull(i) > 0 ? i : -1;
  }

  static int subscription(String name) {
    switch (name) {
      case "SUBSCRIBE":
      case "PSUBSCRIBE":
      case "SSUBSCRIBE":
        return SUB_SUBSCRIBE;
      case "UNSUBSCRIBE":
      case "PUNSUBSCRIBE":
      case "SUNSUBSCRIBE":
        return SUB_UNSUBSCRIBE;
      default:
        return SUB_NONE;
    }
  }

  /**
   * Whether argument {@code i} of the command is a secret to mask: the password of {@code AUTH [user] pass},
   * of {@code HELLO ... AUTH user pass} and of {@code MIGRATE ... AUTH pass | AUTH2 user pass}; the value of
   * {@code CONFIG SET} parameters whose name contains {@code pass} or {@code auth}; {@code ACL SETUSER} rules
   * that carry a password or its hash ({@code >pw}, {@code <pw}, {@code #hash}, {@code !hash}).
   */
  static boolean isSecret(String name, RespReader r, int i) {
    int n = r.elements();
    switch (name) {
      case "AUTH":
        return n <= 3 ? i == n - 1 && i >= 1 : i >= 1;
      case "HELLO":
        return i >= 4 && r.elemEqualsIgnoreCase(i - 2, "AUTH");
      case "MIGRATE":
        return (i >= 2 && r.elemEqualsIgnoreCase(i - 1, "AUTH"))
            || (i >= 3 && r.elemEqualsIgnoreCase(i - 2, "AUTH2"));
      case "CONFIG":
        if (i >= 3 && (i - 3) % 2 == 0 && r.elemEqualsIgnoreCase(1, "SET")) {
          return containsIgnoreCase(r, i - 1, "pass") || containsIgnoreCase(r, i - 1, "auth");
        }
        return false;
      case "ACL":
        if (i >= 3 && r.elemEqualsIgnoreCase(1, "SETUSER") && i < r.keptElements() && r.elemKept(i) > 0) {
          byte c = r.elemBuf()[r.elemOff(i)];
          return c == '>' || c == '<' || c == '#' || c == '!';
        }
        return false;
      default:
        return false;
    }
  }

  /** The command carries credentials ({@code AUTH}, or {@code HELLO} with {@code AUTH}). */
  static boolean hasAuthorization(String name, RespReader r) {
    if ("AUTH".equals(name)) {
      return true;
    }
    if ("HELLO".equals(name)) {
      for (int k = 2; k < r.keptElements(); k++) {
        if (r.elemEqualsIgnoreCase(k, "AUTH")) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean containsIgnoreCase(RespReader r, int i, String word) {
    if (i >= r.keptElements()) {
      return false;
    }
    byte[] b = r.elemBuf();
    int o = r.elemOff(i);
    int n = r.elemKept(i);
    outer:
    for (int s = 0; s + word.length() <= n; s++) {
      for (int k = 0; k < word.length(); k++) {
        if (RespReader.upper(b[o + s + k]) != RespReader.upper((byte) word.charAt(k))) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static int indexOf(String[] a, String s) {
    for (int i = 0; i < a.length; i++) {
      if (a[i].equals(s)) {
        return i;
      }
    }
    return -1;
  }
}
