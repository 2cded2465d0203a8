package io.wirelake.flink.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SqlNormalizerTest {
  static String n(String sql) {
    return SqlNormalizer.normalize(sql);
  }

  static String kw(String sql) {
    byte[] b = sql.getBytes(StandardCharsets.UTF_8);
    return SqlNormalizer.firstKeyword(b, 0, b.length);
  }

  @Test
  void numbersAndStringsBecomePlaceholders() {
    assertThat(n("SELECT abalance FROM pgbench_accounts WHERE aid = 10493;"))
        .isEqualTo("SELECT abalance FROM pgbench_accounts WHERE aid = ?");
    assertThat(n("select * from t where a = 1.5e-3 and b = .5 and c = 0x1F and d = 1_000"))
        .isEqualTo("select * from t where a = ? and b = ? and c = ? and d = ?");
    assertThat(n("select 'it''s', E'a\\'b', B'1010', X'ff', N'x', U&'d\\0061t', $$dollar's$$, $q$x$q$ from t"))
        .isEqualTo("select ?, ?, ?, ?, ?, ?, ?, ? from t");
  }

  @Test
  void sameStatementWithDifferentValuesGroupsTogether() {
    assertThat(n("UPDATE t SET v = v + -4521 WHERE id = 3")).isEqualTo(n("update t set v = v + 17 where id = 99")
        .replace("update", "UPDATE").replace("set", "SET").replace("where", "WHERE"));
    assertThat(n("select a - 5, -5, (-5), x = -5")).isEqualTo("select a - ?, ?, (?), x = ?");
    assertThat(n("select  *\n\tfrom t -- trailing comment\n where  /* a /* nested */ comment */ b = 2"))
        .isEqualTo("select * from t where b = ?");
  }

  @Test
  void booleansAndInListsCollapse() {
    assertThat(n("select * from t where flag = TRUE and other = false and id in (1, 2, 3) and s IN ('a','b')"))
        .isEqualTo("select * from t where flag = ? and other = ? and id in (?) and s IN (?)");
    assertThat(n("select * from t where id in (select id from u where x = 1)"))
        .isEqualTo("select * from t where id in (select id from u where x = ?)");
  }

  @Test
  void identifiersParametersAndNullStay() {
    assertThat(n("SELECT \"Col 1\", t1.c2, $1, $2::int FROM \"T\"\"x\" WHERE c IS NULL"))
        .isEqualTo("SELECT \"Col 1\", t1.c2, $1, $2::int FROM \"T\"\"x\" WHERE c IS NULL");
    assertThat(n("insert into t values (1, 'é', 'ü')")).isEqualTo("insert into t values (?, ?, ?)");
    assertThat(n("select café, 'naïve' from t")).isEqualTo("select café, ? from t");
  }

  @Test
  void unterminatedAndLongTextIsSafe() {
    assertThat(n("select 'unterminated")).isEqualTo("select ?");
    assertThat(n("select $$x")).isEqualTo("select ?");
    assertThat(n("select /* open")).isEqualTo("select");
    String longSql = "select " + "a, ".repeat(3000) + "b";
    assertThat(n(longSql)).hasSize(SqlNormalizer.MAX_LENGTH + 3).endsWith("...");
    assertThat(n("")).isEmpty();
  }

  @Test
  void firstKeywordSkipsCommentsAndParentheses() {
    assertThat(kw("  /* hint */ (select 1)")).isEqualTo("SELECT");
    assertThat(kw("-- c\nwith x as (select 1) select * from x")).isEqualTo("WITH");
    assertThat(kw("123")).isNull();
  }

  @Test
  void commandTagVerbAndRows() {
    assertThat(CommandTag.verb("INSERT 0 5")).isEqualTo("INSERT");
    assertThat(CommandTag.rows("INSERT 0 5")).isEqualTo(5);
    assertThat(CommandTag.verb("SELECT 12")).isEqualTo("SELECT");
    assertThat(CommandTag.verb("CREATE TABLE")).isEqualTo("CREATE TABLE");
    assertThat(CommandTag.rows("CREATE TABLE")).isEqualTo(-1);
    assertThat(CommandTag.verb("BEGIN")).isEqualTo("BEGIN");
  }
}
