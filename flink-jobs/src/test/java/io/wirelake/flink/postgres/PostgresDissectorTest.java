package io.wirelake.flink.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.tcp.FlowTracker;
import io.wirelake.flink.testutil.CollectingSink;
import io.wirelake.flink.testutil.TcpScript;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PostgresDissectorTest {
  static CollectingSink run(TcpScript s) {
    FlowTracker t = new FlowTracker(DissectionConfig.defaults());
    CollectingSink sink = new CollectingSink();
    for (Packet p : s.packets) {
      t.onPacket(p, sink);
    }
    t.flush(sink);
    return sink;
  }

  static TcpScript open() {
    TcpScript s = new TcpScript(40000, 5432, 1000, 5000);
    s.handshake(1_000, 1_010, 1_020);
    return s;
  }

  /** SSLRequest refused, startup with trust authentication: ready at 2_400. */
  static TcpScript connected() {
    TcpScript s = open();
    s.c(2_000, Wire.of().sslRequest().bytes());
    s.s(2_050, new byte[] {'N'});
    s.c(2_100, Wire.of().startup("user", "alice", "database", "shop", "application_name", "psql").bytes());
    s.s(2_400, Wire.of().auth(0).parameterStatus("server_version", "15.18").parameterStatus("TimeZone", "UTC")
        .backendKey(4242, 0x5ec7e7).ready('I').bytes());
    return s;
  }

  static String str(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void startupRowCarriesUserDatabaseAndServerFacts() {
    TcpScript s = connected();
    s.c(3_000, Wire.of().terminate().bytes());
    s.close(3_100);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(1);
    L7Transaction t = tx.get(0);
    assertThat(t.protocol()).isEqualTo("postgres");
    assertThat(t.method()).isEqualTo("STARTUP");
    assertThat(t.host()).isEqualTo("shop");
    assertThat(t.requestTs()).isEqualTo(2_100);
    assertThat(t.responseTs()).isEqualTo(2_400);
    assertThat(t.latencyUs()).isEqualTo(300);
    assertThat(t.ttfbUs()).isEqualTo(300);
    assertThat(t.status()).isEqualTo(0);
    assertThat(t.error()).isNull();
    assertThat(t.requestHeaders()).containsEntry("user", "alice").containsEntry("database", "shop")
        .containsEntry("application_name", "psql").containsEntry("messages", "ssl:1 startup:1");
    assertThat(t.responseHeaders()).containsEntry("ssl", "ssl refused").containsEntry("auth", "trust")
        .containsEntry("server_version", "15.18").containsEntry("backend_pid", "4242")
        .containsEntry("transaction_status", "I").containsEntry("messages", "R:1 S:2 K:1 Z:1");
    assertThat(t.hasAuthorization()).isFalse();
  }

  @Test
  void sslAcceptedGivesOneEncryptedRowAndStops() {
    TcpScript s = open();
    s.c(2_000, Wire.of().sslRequest().bytes());
    s.s(2_080, new byte[] {'S'});
    s.c(2_200, new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03});
    s.s(2_300, new byte[] {0x16, 0x03, 0x03, 0x00, 0x7a, 0x02, 0x00});
    s.close(3_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(1);
    L7Transaction t = tx.get(0);
    assertThat(t.method()).isEqualTo("STARTUP");
    assertThat(t.responseHeaders()).containsEntry("encrypted", "true").containsEntry("ssl", "ssl accepted");
    assertThat(t.latencyUs()).isEqualTo(80);
    assertThat(t.status()).isEqualTo(0);
    assertThat(t.error()).isNull();
  }

  @Test
  void passwordsAreCountedNeverStored() {
    TcpScript s = open();
    s.c(2_000, Wire.of().startup("user", "bob", "database", "db").bytes());
    s.s(2_010, Wire.of().authMd5("salt").bytes());
    s.c(2_100, Wire.of().password("md5secretdigest").bytes());
    s.s(2_200, Wire.of().auth(0).backendKey(7, 99).ready('I').bytes());
    s.close(3_000);
    L7Transaction t = run(s).transactions.get(0);
    assertThat(t.hasAuthorization()).isTrue();
    assertThat(t.responseHeaders()).containsEntry("auth", "md5");
    assertThat(t.requestHeaders()).containsEntry("messages", "startup:1 p:1");
    assertThat(t.toString() + t.requestHeaders() + str(t.requestBody())).doesNotContain("secret");
    assertThat(t.requestBody()).isNull();
  }

  @Test
  void authenticationFailureIsTheStartupRowsError() {
    TcpScript s = open();
    s.c(2_000, Wire.of().startup("user", "bob").bytes());
    s.s(2_010, Wire.of().authMd5("salt").bytes());
    s.c(2_100, Wire.of().password("md5wrong").bytes());
    s.s(2_150, Wire.of().fatal("28P01", "password authentication failed for user \"bob\"").bytes());
    s.close(2_200);
    L7Transaction t = run(s).transactions.get(0);
    assertThat(t.host()).isEqualTo("bob"); // database defaults to the user
    assertThat(t.error()).isEqualTo("28P01");
    assertThat(t.status()).isNull();
    assertThat(t.responseTs()).isEqualTo(2_150);
    assertThat(t.responseHeaders()).containsEntry("severity", "FATAL");
  }

  @Test
  void simpleQueryRowRunsFromQueryToReadyForQuery() {
    TcpScript s = connected();
    s.c(3_000, Wire.of().query("SELECT id, name FROM users WHERE id = 42 AND name = 'x'").bytes());
    s.s(3_120, Wire.of().rowDescription("id").dataRow("42").dataRow("43").bytes());
    s.s(3_200, Wire.of().complete("SELECT 2").ready('I').bytes());
    s.close(4_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(2);
    L7Transaction q = tx.get(1);
    assertThat(q.id()).endsWith(":2");
    assertThat(q.method()).isEqualTo("SELECT");
    assertThat(q.path()).isEqualTo("SELECT id, name FROM users WHERE id = ? AND name = ?");
    assertThat(q.route()).isEqualTo(q.path());
    assertThat(str(q.requestBody())).isEqualTo("SELECT id, name FROM users WHERE id = 42 AND name = 'x'");
    assertThat(q.requestTs()).isEqualTo(3_000);
    assertThat(q.responseTs()).isEqualTo(3_200);
    assertThat(q.latencyUs()).isEqualTo(200);
    assertThat(q.ttfbUs()).isEqualTo(120);
    assertThat(q.status()).isEqualTo(0);
    assertThat(q.responseHeaders()).containsEntry("command_tag", "SELECT 2").containsEntry("rows", "2")
        .containsEntry("messages", "T:1 D:2 C:1 Z:1");
    assertThat(q.requestHeaders()).containsEntry("mode", "simple").containsEntry("user", "alice");
    assertThat(q.requestBytes())
        .isEqualTo(Wire.of().query("SELECT id, name FROM users WHERE id = 42 AND name = 'x'").bytes().length);
    assertThat(q.responseBytes()).isEqualTo(Wire.of().rowDescription("id").dataRow("42").dataRow("43")
        .complete("SELECT 2").ready('I').bytes().length);
  }

  @Test
  void failedQueryHasSqlstateAndNoStatus() {
    TcpScript s = connected();
    s.c(3_000, Wire.of().query("select * from t where id = 'x'").bytes());
    s.s(3_050, Wire.of().error("22P02", "invalid input syntax for type integer: \"x\"").ready('I').bytes());
    s.close(4_000);
    L7Transaction q = run(s).transactions.get(1);
    assertThat(q.status()).isNull();
    assertThat(q.error()).isEqualTo("22P02");
    assertThat(q.method()).isEqualTo("SELECT"); // no tag: the first keyword
    assertThat(q.latencyUs()).isEqualTo(50);
    assertThat(q.responseHeaders()).containsEntry("sqlstate", "22P02").containsEntry("severity", "ERROR");
    assertThat(str(q.responseBody())).isEqualTo("invalid input syntax for type integer: \"x\"");
  }

  @Test
  void messagesSplitAcrossSegmentsCompleteAtTheirLastByte() {
    TcpScript s = connected();
    byte[] q = Wire.of().query("update accounts set balance = balance - 10 where id = 7").bytes();
    s.c(3_000, Arrays.copyOfRange(q, 0, 3));
    s.c(3_010, Arrays.copyOfRange(q, 3, 20));
    s.c(3_020, Arrays.copyOfRange(q, 20, q.length));
    byte[] r = Wire.of().complete("UPDATE 1").ready('T').bytes();
    s.s(3_100, Arrays.copyOfRange(r, 0, 2));
    s.s(3_150, Arrays.copyOfRange(r, 2, r.length - 1));
    s.s(3_180, Arrays.copyOfRange(r, r.length - 1, r.length));
    s.close(4_000);
    L7Transaction t = run(s).transactions.get(1);
    assertThat(t.method()).isEqualTo("UPDATE");
    assertThat(t.path()).isEqualTo("update accounts set balance = balance - ? where id = ?");
    assertThat(t.requestTs()).isEqualTo(3_020);
    assertThat(t.responseTs()).isEqualTo(3_180);
    assertThat(t.ttfbUs()).isEqualTo(80);
    assertThat(t.responseHeaders()).containsEntry("rows", "1").containsEntry("transaction_status", "T");
  }

  @Test
  void pipelinedExecutesAreOneRowEachWithTheirOwnCompletion() {
    TcpScript s = connected();
    s.c(3_000, Wire.of().parse("s1", "select * from items where id = $1").bind("", "s1", "1").describePortal("")
        .execute("").bind("", "s1", "2").execute("").bind("", "s1", "3").execute("").sync().bytes());
    s.s(3_100, Wire.of().parseComplete().bindComplete().rowDescription("id").dataRow("1").complete("SELECT 1").bytes());
    s.s(3_200, Wire.of().bindComplete().dataRow("2").complete("SELECT 1").bytes());
    s.s(3_300, Wire.of().bindComplete().complete("SELECT 0").ready('I').bytes());
    s.close(4_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(4);
    for (int i = 1; i <= 3; i++) {
      L7Transaction t = tx.get(i);
      assertThat(t.method()).isEqualTo("SELECT");
      assertThat(t.path()).isEqualTo("select * from items where id = $1");
      assertThat(t.requestTs()).isEqualTo(3_000);
      assertThat(t.responseTs()).isEqualTo(3_000 + 100L * i);
      assertThat(t.status()).isEqualTo(0);
      assertThat(t.requestHeaders()).containsEntry("mode", "extended").containsEntry("statement", "s1");
    }
    assertThat(tx.get(1).requestHeaders()).containsEntry("messages", "P:1 B:1 D:1 E:1");
    assertThat(tx.get(1).responseHeaders()).containsEntry("messages", "1:1 2:1 T:1 D:1 C:1");
    assertThat(tx.get(2).requestHeaders()).containsEntry("messages", "B:1 E:1");
    assertThat(tx.get(3).requestHeaders()).containsEntry("messages", "B:1 E:1 S:1");
    assertThat(tx.get(3).responseHeaders()).containsEntry("messages", "2:1 C:1 Z:1").containsEntry("rows", "0");
  }

  @Test
  void anErrorInABatchSkipsTheRestUntilSync() {
    TcpScript s = connected();
    s.c(3_000, Wire.of().bind("", "", "1").execute("").bind("", "", "2").execute("").sync().bytes());
    s.s(3_100, Wire.of().error("26000", "prepared statement \"\" does not exist").ready('I').bytes());
    s.close(4_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(3);
    assertThat(tx.get(1).error()).isEqualTo("26000");
    assertThat(tx.get(1).latencyUs()).isEqualTo(100);
    assertThat(tx.get(2).error()).startsWith("not executed");
    assertThat(tx.get(2).latencyUs()).isNull();
    assertThat(tx.get(2).responseHeaders()).containsEntry("messages", "Z:1");
  }

  @Test
  void aPrepareWithoutExecuteIsAParseRowEndedBySync() {
    TcpScript s = connected();
    s.c(3_000, Wire.of().parse("P_0", "INSERT INTO t VALUES ($1, 'x')").sync().bytes());
    s.s(3_040, Wire.of().parseComplete().ready('I').bytes());
    s.c(3_100, Wire.of().sync().bytes());
    s.s(3_110, Wire.of().ready('I').bytes());
    s.close(4_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(3);
    assertThat(tx.get(1).method()).isEqualTo("PARSE");
    assertThat(tx.get(1).path()).isEqualTo("INSERT INTO t VALUES ($1, ?)");
    assertThat(tx.get(1).latencyUs()).isEqualTo(40);
    assertThat(tx.get(2).method()).isEqualTo("SYNC");
    assertThat(tx.get(2).latencyUs()).isEqualTo(10);
  }

  @Test
  void cancelRequestIsARowWithoutResponseOrSecret() {
    TcpScript s = open();
    s.c(2_000, Wire.of().cancel(4242, 0x0badcafe).bytes());
    s.close(2_100);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(1);
    assertThat(tx.get(0).method()).isEqualTo("CANCEL");
    assertThat(tx.get(0).requestHeaders()).containsEntry("backend_pid", "4242").doesNotContainValue("195939070");
    assertThat(tx.get(0).status()).isEqualTo(0);
    assertThat(tx.get(0).error()).isNull();
  }

  @Test
  void unansweredQueryAtCloseHasAnError() {
    TcpScript s = connected();
    s.c(3_000, Wire.of().query("select pg_sleep(100)").bytes());
    s.close(4_000);
    L7Transaction q = run(s).transactions.get(1);
    assertThat(q.error()).isEqualTo("no response");
    assertThat(q.status()).isNull();
    assertThat(q.latencyUs()).isNull();
  }

  @Test
  void malformedResponseEndsDissectionWithErrorsNotExceptions() {
    TcpScript s = connected();
    s.c(3_000, Wire.of().query("select 1").bytes());
    s.s(3_010, "HTTP/1.1 200 OK\r\n\r\n");
    s.c(3_100, Wire.of().query("select 2").bytes());
    s.close(4_000);
    List<L7Transaction> tx = run(s).transactions;
    assertThat(tx).hasSize(2);
    assertThat(tx.get(1).error()).startsWith("malformed response");
  }

  @Test
  void randomBytesNeverThrowAndStayBounded() {
    Random rnd = new Random(7);
    for (int round = 0; round < 300; round++) {
      DirectContext ctx = new DirectContext();
      PostgresDissector d = new PostgresDissector(ctx.config);
      byte[] start = Wire.of().startup("user", "u").bytes();
      d.onData(L7Dissector.C2S, start, 0, start.length, 1, ctx);
      for (int i = 0; i < 20; i++) {
        byte[] junk = new byte[rnd.nextInt(64)];
        rnd.nextBytes(junk);
        if (rnd.nextBoolean() && junk.length > 5) {
          junk[0] = (byte) "QPBDESZCTR".charAt(rnd.nextInt(10));
          junk[1] = 0;
          junk[2] = 0;
          junk[3] = 0;
        }
        d.onData(rnd.nextInt(2), junk, 0, junk.length, 2 + i, ctx);
        if (rnd.nextInt(10) == 0) {
          d.onGap(rnd.nextInt(2), rnd.nextInt(100), 2 + i, ctx);
        }
        assertThat(d.bufferedBytes()).isLessThan(1 << 20);
      }
      d.onClose(100, ctx);
      assertThat(d.openRows()).isZero();
    }
  }

  @Test
  void aGapInsideADataRowKeepsFramingAGapAtABoundaryEndsIt() {
    DirectContext ctx = new DirectContext();
    PostgresDissector d = new PostgresDissector(ctx.config);
    feed(d, ctx, L7Dissector.C2S, 1, Wire.of().startup("user", "u").bytes());
    feed(d, ctx, L7Dissector.S2C, 2, Wire.of().auth(0).ready('I').bytes());
    feed(d, ctx, L7Dissector.C2S, 10, Wire.of().query("select repeat('x', 100)").bytes());
    byte[] row = Wire.of().rowDescription("r").dataRow("x".repeat(100)).bytes();
    feed(d, ctx, L7Dissector.S2C, 20, Arrays.copyOf(row, row.length - 60));
    d.onGap(L7Dissector.S2C, 50, 21, ctx);
    feed(d, ctx, L7Dissector.S2C, 30, Arrays.copyOfRange(row, row.length - 10, row.length));
    feed(d, ctx, L7Dissector.S2C, 40, Wire.of().complete("SELECT 1").ready('I').bytes());
    assertThat(ctx.rows).hasSize(2);
    assertThat(ctx.rows.get(1).latencyUs()).isEqualTo(30);
    assertThat(ctx.rows.get(1).responseHeaders()).containsEntry("messages", "T:1 D:1 C:1 Z:1");

    feed(d, ctx, L7Dissector.C2S, 50, Wire.of().query("select 2").bytes());
    d.onGap(L7Dissector.S2C, 7, 51, ctx);
    assertThat(ctx.rows).hasSize(3);
    assertThat(ctx.rows.get(2).error()).isEqualTo("gap in response stream");
    feed(d, ctx, L7Dissector.S2C, 60, Wire.of().complete("SELECT 1").ready('I').bytes());
    d.onClose(70, ctx);
    assertThat(ctx.rows).hasSize(3);
  }

  static void feed(PostgresDissector d, DirectContext ctx, int dir, long ts, byte[] b) {
    d.onData(dir, b, 0, b.length, ts, ctx);
  }

  @Test
  void everyByteSplitGivesTheSameRows() {
    byte[] c = Wire.of().startup("user", "u", "database", "d").parse("", "select $1").bind("", "", "5")
        .execute("").sync().query("begin; select 1; commit").bytes();
    byte[] sv = Wire.of().auth(0).parameterStatus("server_version", "16").ready('I').parseComplete().bindComplete()
        .dataRow("5").complete("SELECT 1").ready('I').complete("BEGIN").rowDescription("a").dataRow("1")
        .complete("SELECT 1").complete("COMMIT").ready('I').bytes();
    DirectContext whole = new DirectContext();
    PostgresDissector d = new PostgresDissector(whole.config);
    feed(d, whole, L7Dissector.C2S, 1, c);
    feed(d, whole, L7Dissector.S2C, 2, sv);
    d.onClose(3, whole);
    assertThat(whole.rows).hasSize(3);
    assertThat(whole.rows.get(2).method()).isEqualTo("BEGIN");
    assertThat(whole.rows.get(2).responseHeaders()).containsEntry("command_tag", "BEGIN;SELECT 1;COMMIT");

    DirectContext bytes = new DirectContext();
    PostgresDissector b = new PostgresDissector(bytes.config);
    for (int i = 0; i < c.length; i++) {
      b.onData(L7Dissector.C2S, c, i, 1, 1, bytes);
    }
    for (int i = 0; i < sv.length; i++) {
      b.onData(L7Dissector.S2C, sv, i, 1, 2, bytes);
    }
    b.onClose(3, bytes);
    assertThat(bytes.rows.toString().replaceAll("\\[B@[0-9a-f]+", ""))
        .isEqualTo(whole.rows.toString().replaceAll("\\[B@[0-9a-f]+", ""));
  }
}
