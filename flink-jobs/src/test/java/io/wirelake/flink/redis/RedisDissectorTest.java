package io.wirelake.flink.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.tcp.FlowTracker;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.flink.testutil.Replay;
import io.wirelake.flink.testutil.TcpScript;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Redis rows from hand-built conversations: pairing, timing, naming, masking, Pub/Sub, limits, bad input. */
class RedisDissectorTest {
  static CollectingSink run(TcpScript s, DissectionConfig cfg) {
    FlowTracker t = new FlowTracker(cfg);
    CollectingSink sink = new CollectingSink();
    for (Packet p : s.packets) {
      t.onPacket(p, sink);
    }
    t.flush(sink);
    return sink;
  }

  static List<L7Transaction> rows(TcpScript s) {
    return run(s, DissectionConfig.defaults()).transactions;
  }

  static TcpScript open() {
    TcpScript s = new TcpScript(40000, 6379, 1000, 5000);
    s.handshake(1_000, 1_010, 1_020);
    return s;
  }

  static String str(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
  }

  static String cmd(String... args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
    }
    return sb.toString();
  }

  @Test
  void pipelinedCommandsPairWithRepliesInOrder() {
    TcpScript s = open();
    String c = cmd("SET", "user:42", "v") + cmd("GET", "user:42") + cmd("INCR", "n");
    s.c(2_000, c);
    s.s(2_100, "+OK\r\n$1\r\nv\r\n");
    s.s(2_250, ":7\r\n");
    s.close(3_000);
    CollectingSink sink = run(s, DissectionConfig.defaults());
    assertThat(sink.flows).extracting(L4Flow::l7Protocol).containsExactly("redis");
    List<L7Transaction> tx = sink.transactions;
    assertThat(tx).extracting(L7Transaction::method).containsExactly("SET", "GET", "INCR");
    assertThat(tx).extracting(L7Transaction::path).containsExactly("user:42", "user:42", "n");
    assertThat(tx).extracting(L7Transaction::route).containsExactly("user:{id}", "user:{id}", "n");
    assertThat(tx).extracting(L7Transaction::latencyUs).containsExactly(100L, 100L, 250L);
    assertThat(tx).extracting(L7Transaction::ttfbUs).containsExactly(100L, 100L, 250L);
    assertThat(tx).extracting(L7Transaction::requestBytes)
        .containsExactly((long) cmd("SET", "user:42", "v").length(), (long) cmd("GET", "user:42").length(),
            (long) cmd("INCR", "n").length());
    assertThat(tx).extracting(L7Transaction::responseBytes).containsExactly(5L, 7L, 4L);
    assertThat(tx).extracting(L7Transaction::status).containsOnlyNulls();
    assertThat(tx).extracting(L7Transaction::error).containsOnlyNulls();
    assertThat(tx).extracting(L7Transaction::protocol).containsOnly("redis");
    assertThat(str(tx.get(0).requestBody())).isEqualTo("\"SET\" \"user:42\" \"v\"");
    assertThat(str(tx.get(1).responseBody())).isEqualTo("$1\r\nv\r\n");
    assertThat(tx.get(0).id()).endsWith(":1");
    assertThat(tx.get(2).id()).endsWith(":3");
    assertThat(tx.get(0).host()).isNull();
  }

  @Test
  void commandAndReplySplitAcrossSegmentsCompleteAtTheirLastByte() {
    TcpScript s = open();
    String c = cmd("SET", "k", "0123456789");
    s.c(2_000, c.substring(0, 3));
    s.c(2_040, c.substring(3, 20));
    s.c(2_050, c.substring(20));
    s.s(2_300, "$10\r\n0123");
    s.s(2_450, "456789\r");
    s.s(2_500, "\n");
    s.close(3_000);
    L7Transaction x = rows(s).get(0);
    assertThat(x.requestTs()).isEqualTo(2_050);
    assertThat(x.responseTs()).isEqualTo(2_500);
    assertThat(x.latencyUs()).isEqualTo(450);
    assertThat(x.ttfbUs()).isEqualTo(250);
    assertThat(x.requestBytes()).isEqualTo(c.length());
    assertThat(x.responseBytes()).isEqualTo(17);
  }

  @Test
  void inlineCommandsAreRowsWithUnquotedBodies() {
    TcpScript s = open();
    s.c(2_000, "PING\r\nset  mykey  hello\r\n");
    s.s(2_010, "+PONG\r\n+OK\r\n");
    s.close(3_000);
    List<L7Transaction> tx = rows(s);
    assertThat(tx).extracting(L7Transaction::method).containsExactly("PING", "SET");
    assertThat(tx).extracting(L7Transaction::path).containsExactly(null, "mykey");
    assertThat(str(tx.get(0).requestBody())).isEqualTo("PING");
    assertThat(str(tx.get(1).requestBody())).isEqualTo("set mykey hello");
    assertThat(tx.get(1).requestBytes()).isEqualTo(19);
  }

  @Test
  void errorRepliesGiveTheirPrefixAsErrorAndNoStatus() {
    TcpScript s = open();
    s.c(2_000, cmd("LLEN", "tags") + cmd("XYZZY"));
    s.s(2_100, "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
        + "-ERR unknown command 'XYZZY', with args beginning with: \r\n");
    s.close(3_000);
    List<L7Transaction> tx = rows(s);
    assertThat(tx).extracting(L7Transaction::error).containsExactly("WRONGTYPE", "ERR");
    assertThat(tx).extracting(L7Transaction::status).containsOnlyNulls();
    assertThat(str(tx.get(1).responseBody())).startsWith("-ERR unknown command 'XYZZY'");
    assertThat(tx.get(1).path()).isNull();
  }

  @Test
  void containerCommandsNameTheirSubcommand() {
    TcpScript s = open();
    s.c(2_000, cmd("config", "get", "save") + cmd("CLIENT", "SETNAME", "app") + cmd("OBJECT", "ENCODING", "k")
        + cmd("COMMAND", "DOCS") + cmd("EVAL", "return 1", "1", "lock:9") + cmd("XREAD", "COUNT", "2", "STREAMS", "s1", "0"));
    s.s(2_100, "*2\r\n$4\r\nsave\r\n$0\r\n\r\n+OK\r\n$6\r\nembstr\r\n*0\r\n:1\r\n*-1\r\n");
    s.close(3_000);
    List<L7Transaction> tx = rows(s);
    assertThat(tx).extracting(L7Transaction::method)
        .containsExactly("CONFIG GET", "CLIENT SETNAME", "OBJECT ENCODING", "COMMAND DOCS", "EVAL", "XREAD");
    assertThat(tx).extracting(L7Transaction::path).containsExactly(null, null, "k", null, "lock:9", "s1");
    assertThat(tx).extracting(L7Transaction::error).containsOnlyNulls();
  }

  @Test
  void passwordsAreMaskedAndMarkedAsAuthorization() {
    TcpScript s = open();
    s.c(2_000, cmd("AUTH", "s3cret") + cmd("AUTH", "alice", "pw") + cmd("HELLO", "3", "AUTH", "bob", "hunter2")
        + "AUTH inlinepw\r\n" + cmd("CONFIG", "SET", "requirepass", "newpw"));
    s.s(2_100, "+OK\r\n+OK\r\n%1\r\n+server\r\n+redis\r\n+OK\r\n+OK\r\n");
    s.close(3_000);
    List<L7Transaction> tx = rows(s);
    assertThat(tx).extracting(t -> str(t.requestBody())).containsExactly("\"AUTH\" \"***\"",
        "\"AUTH\" \"alice\" \"***\"", "\"HELLO\" \"3\" \"AUTH\" \"bob\" \"***\"", "AUTH ***",
        "\"CONFIG\" \"SET\" \"requirepass\" \"***\"");
    assertThat(tx).extracting(L7Transaction::hasAuthorization).containsExactly(true, true, true, true, false);
    assertThat(tx).extracting(L7Transaction::path).containsOnlyNulls();
    assertThat(tx.get(2).responseBody()[0]).isEqualTo((byte) '%');

    CollectingSink unmasked = run(s, DissectionConfig.defaults().withMaskSecrets(false));
    assertThat(str(unmasked.transactions.get(0).requestBody())).isEqualTo("\"AUTH\" \"s3cret\"");
  }

  @Test
  void bodiesAreEscapedAndCapped() {
    TcpScript s = open();
    s.c(2_000, cmd("SET", "k", "a\"b\\c\r\n\u0001") + cmd("SET", "big", "x".repeat(100)));
    s.s(2_100, "+OK\r\n$100\r\n" + "y".repeat(100) + "\r\n");
    s.close(3_000);
    List<L7Transaction> tx = run(s, DissectionConfig.defaults().withBodyCapBytes(32)).transactions;
    assertThat(str(tx.get(0).requestBody())).isEqualTo("\"SET\" \"k\" \"a\\\"b\\\\c\\r\\n\\x01\"");
    assertThat(tx.get(1).requestBody()).hasSize(32);
    assertThat(str(tx.get(1).requestBody())).isEqualTo("\"SET\" \"big\" \"" + "x".repeat(19));
    assertThat(tx.get(1).responseBody()).hasSize(32);
    assertThat(tx.get(1).responseBytes()).isEqualTo(108);
  }

  @Test
  void resp3PushMessagesAreNotReplies() {
    TcpScript s = open();
    s.c(2_000, cmd("CLIENT", "TRACKING", "on") + cmd("GET", "a"));
    s.s(2_100, "+OK\r\n>2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\na\r\n");
    s.s(2_200, "$1\r\n1\r\n");
    s.close(3_000);
    List<L7Transaction> tx = rows(s);
    assertThat(tx).extracting(L7Transaction::method).containsExactly("CLIENT TRACKING", "GET");
    assertThat(tx.get(1).latencyUs()).isEqualTo(200);
    assertThat(str(tx.get(1).responseBody())).isEqualTo("$1\r\n1\r\n");
  }

  @Test
  void resp3SubscriptionIsConfirmedByPushes() {
    TcpScript s = open();
    s.c(2_000, cmd("SUBSCRIBE", "a", "b"));
    s.s(2_100, ">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n");
    s.s(2_200, ">3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n>3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n");
    s.c(2_300, cmd("GET", "k"));
    s.s(2_400, "_\r\n");
    s.close(3_000);
    List<L7Transaction> tx = rows(s);
    assertThat(tx).extracting(L7Transaction::method).containsExactly("SUBSCRIBE", "GET");
    assertThat(tx.get(0).latencyUs()).isEqualTo(200);
    assertThat(tx.get(0).ttfbUs()).isEqualTo(100);
    assertThat(tx.get(0).path()).isEqualTo("a");
    assertThat(tx.get(0).responseBytes()).isEqualTo(2 * 30);
    assertThat(tx.get(1).latencyUs()).isEqualTo(100);
  }

  @Test
  void resp2SubscribeModeSkipsMessagesAndStillPairsPing() {
    TcpScript s = open();
    s.c(2_000, cmd("SUBSCRIBE", "news"));
    s.s(2_100, "*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n");
    s.s(2_200, "*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n");
    s.c(2_300, cmd("PING"));
    s.s(2_310, "*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nagain\r\n*2\r\n$4\r\npong\r\n$0\r\n\r\n");
    s.c(2_400, cmd("UNSUBSCRIBE"));
    s.s(2_420, "*3\r\n$11\r\nunsubscribe\r\n$4\r\nnews\r\n:0\r\n");
    s.c(2_500, cmd("LRANGE", "l", "0", "-1"));
    s.s(2_530, "*1\r\n$7\r\nmessage\r\n");
    s.close(3_000);
    List<L7Transaction> tx = rows(s);
    assertThat(tx).extracting(L7Transaction::method).containsExactly("SUBSCRIBE", "PING", "UNSUBSCRIBE", "LRANGE");
    assertThat(tx).extracting(L7Transaction::latencyUs).containsExactly(100L, 10L, 20L, 30L);
    assertThat(tx).extracting(L7Transaction::error).containsOnlyNulls();
    assertThat(str(tx.get(1).responseBody())).startsWith("*2\r\n$4\r\npong");
  }

  @Test
  void monitorOutputIsNotPaired() {
    TcpScript s = open();
    s.c(2_000, cmd("MONITOR"));
    s.s(2_100, "+OK\r\n+1339518083.107412 [0 127.0.0.1:60866] \"keys\" \"*\"\r\n");
    s.s(2_200, "+1339518087.877697 [0 127.0.0.1:60866] \"dbsize\"\r\n");
    s.close(3_000);
    List<L7Transaction> tx = rows(s);
    assertThat(tx).extracting(L7Transaction::method).containsExactly("MONITOR");
    assertThat(tx.get(0).error()).isNull();
  }

  @Test
  void unansweredAndUnexpectedMessagesGetAnErrorRow() {
    TcpScript s = open();
    s.c(2_000, cmd("GET", "a"));
    s.s(2_100, "$1\r\n1\r\n+EXTRA\r\n"); // one reply too many
    s.c(2_200, cmd("GET", "b"));
    s.close(3_000);
    List<L7Transaction> tx = rows(s);
    assertThat(tx).extracting(L7Transaction::method).containsExactly("GET", null, "GET");
    assertThat(tx).extracting(L7Transaction::error).containsExactly(null, "reply without command", "no reply");
    assertThat(tx.get(1).requestTs()).isNull();
    assertThat(str(tx.get(1).responseBody())).isEqualTo("+EXTRA\r\n");
    assertThat(tx.get(2).responseTs()).isNull();
    assertThat(tx.get(2).latencyUs()).isNull();
  }

  @Test
  void commandOrReplyCutByTheConnectionEndIsReported() {
    TcpScript s = open();
    s.c(2_000, cmd("GET", "a") + "*2\r\n$3\r\nGET\r\n$1\r\n");
    s.s(2_100, "$10\r\n01234");
    s.close(3_000);
    List<L7Transaction> tx = rows(s);
    assertThat(tx).extracting(L7Transaction::error)
        .containsExactly("reply incomplete at connection end", "command incomplete at connection end");
    assertThat(tx.get(0).ttfbUs()).isEqualTo(100);
    assertThat(tx.get(1).method()).isEqualTo("GET");
  }

  @Test
  void malformedBytesEndTheDissectionWithoutAnException() {
    TcpScript s = open();
    s.c(2_000, cmd("GET", "a") + cmd("GET", "b"));
    s.s(2_100, "$1\r\n1\r\n?garbage\r\n");
    s.c(2_200, cmd("GET", "c"));
    s.s(2_300, "+OK\r\n");
    s.close(3_000);
    List<L7Transaction> tx = rows(s);
    assertThat(tx).extracting(L7Transaction::error)
        .containsExactly(null, "malformed reply: bad RESP type byte 0x3f");
  }

  @Test
  void aHoleInsideABulkValueKeepsPairing() {
    TcpScript s = open();
    String c = cmd("SET", "k", "0123456789") + cmd("GET", "k");
    s.c(2_000, c.substring(0, 27)); // up to "01" of the value
    s.clientSeq += 4; // "2345" never captured
    s.c(2_010, c.substring(31));
    s.s(2_100, "+OK\r\n$10\r\n0123456789\r\n");
    s.close(3_000);
    Replay replay = new Replay(DissectionConfig.defaults().withGapTimeoutMicros(1), 0);
    s.packets.forEach(replay::packet);
    replay.finish();
    List<L7Transaction> tx = replay.sink.transactions;
    assertThat(tx).extracting(L7Transaction::method).containsExactly("SET", "GET");
    assertThat(tx).extracting(L7Transaction::error).containsExactly("gap in command", null);
    assertThat(tx.get(0).requestBytes()).isEqualTo(cmd("SET", "k", "0123456789").length());
  }

  @Test
  void pendingCommandsAreBoundedAndLaterRepliesStayInOrder() {
    TcpScript s = open();
    int n = RedisDissector.MAX_PENDING + 100;
    StringBuilder c = new StringBuilder();
    StringBuilder r = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      c.append(cmd("INCR", "k" + i));
      r.append(':').append(i).append("\r\n");
    }
    s.c(2_000, c.toString());
    s.s(2_100, r.toString());
    s.c(2_200, cmd("GET", "after"));
    s.s(2_300, "$2\r\nok\r\n");
    s.close(3_000);
    List<L7Transaction> tx = rows(s);
    assertThat(tx).hasSize(RedisDissector.MAX_PENDING + 1);
    for (int i = 0; i < RedisDissector.MAX_PENDING; i++) {
      assertThat(tx.get(i).path()).isEqualTo("k" + (i + 1));
      assertThat(str(tx.get(i).responseBody())).isEqualTo(":" + (i + 1) + "\r\n");
    }
    L7Transaction last = tx.get(RedisDissector.MAX_PENDING);
    assertThat(last.path()).isEqualTo("after");
    assertThat(str(last.responseBody())).isEqualTo("$2\r\nok\r\n");
    assertThat(last.latencyUs()).isEqualTo(100);
  }
}
