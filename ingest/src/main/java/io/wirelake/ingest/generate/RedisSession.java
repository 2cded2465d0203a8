package io.wirelake.ingest.generate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays one connection of a service pod to {@code redis-cache}: a handshake, a few GET, SET,
 * INCR and EXPIRE commands on keys such as {@code session:<id>} and {@code cart:<id>} (sometimes
 * two or three pipelined in one segment), the replies a Redis server gives ({@code +OK}, bulk
 * strings, integers, nil, now and then {@code -ERR} or {@code -WRONGTYPE}), then a FIN close.
 */
final class RedisSession {

  static final String NOT_AN_INTEGER = "ERR value is not an integer or out of range";
  static final String WRONGTYPE =
      "WRONGTYPE Operation against a key holding the wrong kind of value";

  /** One command and the reply it gets. */
  private record Exchange(byte[] command, byte[] reply) {}

  private final Rng rng;
  private final FrameBuilder builder;

  RedisSession(Rng rng, FrameBuilder builder) {
    this.rng = rng;
    this.builder = builder;
  }

  PlayedConnection play(String caller, int clientIp, int clientPort, long start) {
    TcpConnection tcp = new TcpConnection(builder, rng, clientIp, clientPort,
        Dependency.REDIS.ip(), Dependency.REDIS.port(), Latencies.rtt(rng, 30),
        Latencies.rtt(rng, 45));
    int planned = rng.between(1, 6);
    long t = tcp.open(start) + rng.between(5, 40);
    int sent = 0;
    while (sent < planned) {
      if (sent > 0) {
        t += 20 + (long) rng.exponential(400);
      }
      int batch = rng.chance(0.2) ? Math.min(planned - sent, rng.between(2, 3)) : 1;
      List<byte[]> commands = new ArrayList<>();
      List<byte[]> replies = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        Exchange e = exchange(caller);
        commands.add(e.command());
        replies.add(e.reply());
      }
      long requestEnd = tcp.send(true, RespMessages.concat(commands.toArray(byte[][]::new)), t,
          false);
      long serverTime = Latencies.clamp(rng.logNormal(25 + 10 * batch, 0.5), 8, 3_000);
      long replyStart = requestEnd + tcp.serverRtt() + serverTime;
      long replyEnd = tcp.send(false, RespMessages.concat(replies.toArray(byte[][]::new)),
          replyStart, true);
      t = replyEnd + tcp.clientRtt() + rng.between(5, 30);
      sent += batch;
    }
    tcp.closeByClient(t + rng.between(50, 3_000));
    return PlayedConnection.tcp(Dependency.REDIS, tcp, planned);
  }

  private Exchange exchange(String caller) {
    String key = key(caller);
    double r = rng.nextDouble();
    if (r < 0.45) {
      double outcome = rng.nextDouble();
      String reply = outcome < 0.15 ? RespMessages.NIL
          : outcome < 0.16 ? RespMessages.error(WRONGTYPE)
          : RespMessages.bulk(value(key));
      return new Exchange(RespMessages.command("GET", key), ascii(reply));
    }
    if (r < 0.7) {
      byte[] command = rng.chance(0.5)
          ? RespMessages.command("SET", key, value(key), "EX", Integer.toString(ttl()))
          : RespMessages.command("SET", key, value(key));
      return new Exchange(command, ascii(RespMessages.OK));
    }
    if (r < 0.87) {
      String counter = "counter:" + (caller.equals("catalog") ? "views:" : "orders:")
          + rng.between(1, 9_999);
      String reply = rng.chance(0.015) ? RespMessages.error(NOT_AN_INTEGER)
          : RespMessages.integer(rng.between(1, 50_000));
      return new Exchange(RespMessages.command("INCR", counter), ascii(reply));
    }
    String reply = RespMessages.integer(rng.chance(0.9) ? 1 : 0);
    return new Exchange(RespMessages.command("EXPIRE", key, Integer.toString(ttl())),
        ascii(reply));
  }

  private String key(String caller) {
    int id = rng.between(1, 99_999);
    if (caller.equals("catalog")) {
      return (rng.chance(0.7) ? "product:" : "session:") + id;
    }
    return (rng.chance(0.5) ? "session:" : "cart:") + id;
  }

  private String value(String key) {
    if (key.startsWith("session:")) {
      return "{\"user\":" + rng.between(1, 99_999) + ",\"roles\":[\"customer\"],\"exp\":"
          + (1_767_225_600L + rng.between(0, 3 * 86_400)) + "}";
    }
    String body = new String(Bodies.json(rng, rng.between(60, 900)), StandardCharsets.UTF_8);
    return body;
  }

  private int ttl() {
    return new int[] {300, 900, 1800, 3600}[rng.nextInt(4)];
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
