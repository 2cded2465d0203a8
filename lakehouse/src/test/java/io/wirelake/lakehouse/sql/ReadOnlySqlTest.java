package io.wirelake.lakehouse.sql;

import static io.wirelake.lakehouse.testing.IcebergRows.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.lakehouse.testing.IcebergRows;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One Flink session for the whole class: Flink start-up is the slow part. */
class ReadOnlySqlTest {

  private static final Long[] HANDSHAKES = {900L, 120L, 450L, 300L, null, 75L, 2_000L};

  @TempDir static Path data;
  static JdbcCatalog catalog;
  static ReadOnlySql sql;

  @BeforeAll
  static void writeFlowsAndOpenSql() {
    CatalogSettings settings = CatalogSettings.embedded(data);
    catalog = (JdbcCatalog) CatalogFactory.open(settings);
    WirelakeTables.ensureTables(catalog);
    Table flows = catalog.loadTable(WirelakeTables.L4_FLOWS);
    List<Record> rows = new ArrayList<>();
    for (int i = 0; i < HANDSHAKES.length; i++) {
      Record row = GenericRecord.create(flows.schema());
      row.setField("flow_id", "f" + i);
      row.setField("node", "node-a");
      row.setField("client_ip", "10.0.0." + (10 + i));
      row.setField("client_port", 40000 + i);
      row.setField("server_ip", "10.0.1.5");
      row.setField("server_port", 8080);
      row.setField("server_service", i % 2 == 0 ? "checkout" : null);
      // two hours, so two partitions
      row.setField("start_ts", ts(i < 4 ? "2026-11-24T14:00:00.123456Z" : "2026-11-24T15:30:00Z"));
      row.setField("end_ts", ts("2026-11-24T16:00:00Z"));
      row.setField("handshake_rtt_us", HANDSHAKES[i]);
      row.setField("bytes_c2s", 100L * i);
      row.setField("bytes_s2c", 1000L * i);
      row.setField("packets_c2s", 3L);
      row.setField("packets_s2c", 4L);
      row.setField("retransmissions", 0);
      row.setField("out_of_order", 0);
      row.setField("close_reason", "fin");
      rows.add(row);
    }
    IcebergRows.append(flows, rows);
    sql = ReadOnlySql.open(settings);
  }

  @AfterAll
  static void close() throws Exception {
    if (sql != null) {
      sql.close();
    }
    catalog.close();
  }

  @Test
  void everyColumnOfEveryTableCanBeSelectedBare() {
    for (var table : WirelakeTables.all()) {
      for (var column : WirelakeTables.schema(table).columns()) {
        String query = "SELECT " + column.name() + " FROM net." + table.name() + " WHERE 1 = 0";
        assertThat(sql.query(query).columns()).as(query).extracting(QueryResult.Column::name)
            .containsExactly(column.name());
      }
    }
  }

  @Test
  void quotesReservedColumnNamesOnlyOutsideLiteralsAndComments() {
    assertThat(ReservedColumnNames.quote("SELECT method, 'method' FROM t -- method\nWHERE `method` = \"method\""))
        .isEqualTo("SELECT `method`, 'method' FROM t -- method\nWHERE `method` = \"method\"");
    assertThat(ReservedColumnNames.quote("SELECT methods FROM t")).isEqualTo("SELECT methods FROM t");
  }

  @Test
  void readsRowsWrittenByIcebergWithAndWithoutTheNamespace() {
    QueryResult qualified =
        sql.query("SELECT flow_id, client_port, bytes_s2c, start_ts FROM net.l4_flows ORDER BY flow_id");
    QueryResult bare = sql.query("SELECT COUNT(*) AS n, SUM(bytes_c2s) AS c2s FROM l4_flows");

    assertThat(qualified.columns())
        .extracting(QueryResult.Column::name)
        .containsExactly("flow_id", "client_port", "bytes_s2c", "start_ts");
    assertThat(qualified.columns().get(3).type()).startsWith("TIMESTAMP_LTZ(6)");
    assertThat(qualified.rows()).hasSize(HANDSHAKES.length);
    assertThat(qualified.rows().get(2))
        .containsExactly("f2", 40002, 2000L, Instant.parse("2026-11-24T14:00:00.123456Z"));
    long expectedBytes = 0;
    for (int i = 0; i < HANDSHAKES.length; i++) {
      expectedBytes += 100L * i;
    }
    assertThat(bare.rows()).containsExactly(List.of((long) HANDSHAKES.length, expectedBytes));
    assertThat(ResultFormat.CSV.format(qualified))
        .contains("f0,40000,0,2026-11-24T14:00:00.123456Z\r\n")
        .contains("f6,40006,6000,2026-11-24T15:30:00.000000Z\r\n");
  }

  @Test
  void nearestRankPercentileMatchesAnIndependentComputation() {
    QueryResult p90 =
        sql.query(
            "SELECT MIN(handshake_rtt_us) AS p90 FROM ("
                + " SELECT handshake_rtt_us,"
                + "   ROW_NUMBER() OVER (ORDER BY handshake_rtt_us) AS rn,"
                + "   COUNT(*) OVER () AS n"
                + " FROM l4_flows WHERE handshake_rtt_us IS NOT NULL)"
                + " WHERE rn >= CEIL(0.9 * n)");

    List<Long> sorted =
        java.util.Arrays.stream(HANDSHAKES).filter(Objects::nonNull).sorted()
            .collect(Collectors.toList());
    long expected = sorted.get((int) Math.ceil(0.9 * sorted.size()) - 1);
    assertThat(expected).isEqualTo(2_000L);
    assertThat(p90.rows()).containsExactly(List.of(expected));
  }

  @Test
  void rowLimitStopsTheQueryAndSaysSo() {
    QueryResult limited = sql.query("SELECT flow_id FROM l4_flows ORDER BY flow_id", 2);
    QueryResult exact = sql.query("SELECT flow_id FROM l4_flows WHERE flow_id = 'f3'", 1);

    assertThat(limited.rows()).containsExactly(List.of("f0"), List.of("f1"));
    assertThat(limited.truncated()).isTrue();
    assertThat(exact.rows()).containsExactly(List.of("f3"));
    assertThat(exact.truncated()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "INSERT INTO l4_flows SELECT * FROM l4_flows | INSERT",
        "DROP TABLE net.l4_flows | DROP",
        "CREATE TABLE t (a INT) | CREATE",
        "ALTER TABLE l4_flows SET ('write.format.default'='orc') | ALTER",
        "SET 'table.local-time-zone' = 'Europe/Paris' | SET",
        "USE CATALOG default_catalog | USE",
        "/* sneaky */ DELETE FROM l4_flows | DELETE",
      })
  void nonQueriesAreRefusedBeforeTheyRun(String statement, String keyword) {
    long snapshot = catalog.loadTable(WirelakeTables.L4_FLOWS).currentSnapshot().snapshotId();

    assertThatThrownBy(() -> sql.query(statement))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage("wirelake sql runs read-only queries; " + keyword + " is not allowed");

    Table after = catalog.loadTable(WirelakeTables.L4_FLOWS);
    assertThat(after.currentSnapshot().snapshotId()).isEqualTo(snapshot);
    assertThat(after.properties()).containsEntry("write.format.default", "parquet");
    // the session is unchanged too: still UTC, still in wirelake.net
    assertThat(sql.query("SELECT start_ts FROM l4_flows WHERE flow_id = 'f0'").rows())
        .containsExactly(List.of(Instant.parse("2026-11-24T14:00:00.123456Z")));
  }

  @Test
  void severalStatementsAndBadSqlAreRefusedWithFlinksReason() {
    assertThatThrownBy(() -> sql.query("SELECT 1; DROP TABLE l4_flows"))
        .isInstanceOf(InvalidQueryException.class);
    assertThat(catalog.tableExists(WirelakeTables.L4_FLOWS)).isTrue();
    assertThatThrownBy(() -> sql.query("SELECT * FROM no_such_table"))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("no_such_table");
    assertThatThrownBy(() -> sql.query("SELEKT 1"))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageStartingWith("SQL parse failed.");
  }

  @Test
  void flinkValuesRenderAsDocumented() {
    QueryResult result =
        sql.query(
            "SELECT MAP['content-type', 'text/plain'] AS headers, X'CAFE' AS body,"
                + " CAST(NULL AS STRING) AS missing, 'a,\"b\"' AS quoted,"
                + " TIMESTAMP '2026-11-24 14:00:00.5' AS local_ts");

    assertThat(result.rows().get(0).get(0)).isEqualTo(Map.of("content-type", "text/plain"));
    assertThat(result.rows().get(0).get(1)).isEqualTo(new byte[] {(byte) 0xCA, (byte) 0xFE});
    assertThat(result.rows().get(0).get(2)).isNull();
    assertThat(ResultFormat.CSV.format(result))
        .isEqualTo(
            "headers,body,missing,quoted,local_ts\r\n"
                + "\"{\"\"content-type\"\":\"\"text/plain\"\"}\",yv4=,,\"a,\"\"b\"\"\","
                + "2026-11-24T14:00:00.500000\r\n");
    assertThat(ResultFormat.JSON.format(result))
        .isEqualTo(
            "[\n{\"headers\":{\"content-type\":\"text/plain\"},\"body\":\"yv4=\",\"missing\":null,"
                + "\"quoted\":\"a,\\\"b\\\"\",\"local_ts\":\"2026-11-24T14:00:00.500000\"}\n]\n");
  }

  @Test
  void aLongLivedSessionSeesLaterCommitsAndReadsListsAndMaps() {
    Table workloads = catalog.loadTable(WirelakeTables.WORKLOADS);
    IcebergRows.append(workloads, List.of(workload(workloads, "checkout-1", "10.0.1.5")));
    String query = "SELECT name, ips, labels FROM workloads ORDER BY name";
    QueryResult first = sql.query(query);

    IcebergRows.append(workloads, List.of(workload(workloads, "checkout-2", "10.0.1.6")));
    QueryResult second = sql.query(query);

    assertThat(first.rows()).hasSize(1);
    assertThat(second.rows()).hasSize(2);
    assertThat(second.rows().get(1).get(1)).isEqualTo(new String[] {"10.0.1.6", "fd00::6"});
    assertThat(ResultFormat.JSON.format(second))
        .contains(
            "{\"name\":\"checkout-2\",\"ips\":[\"10.0.1.6\",\"fd00::6\"],"
                + "\"labels\":{\"app\":\"checkout\"}}");
  }

  private static Record workload(Table table, String name, String ip) {
    Record row = GenericRecord.create(table.schema());
    row.setField("ts", ts("2026-11-24T13:59:00Z"));
    row.setField("kind", "pod");
    row.setField("action", "added");
    row.setField("namespace", "shop");
    row.setField("name", name);
    row.setField("ips", List.of(ip, "fd00::" + ip.substring(ip.lastIndexOf('.') + 1)));
    row.setField("labels", Map.of("app", "checkout"));
    return row;
  }
}
