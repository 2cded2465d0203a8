package io.wirelake.lakehouse.catalog;

import static io.wirelake.lakehouse.testing.IcebergRows.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.lakehouse.testing.IcebergRows;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogFactoryTest {

  @TempDir Path data;

  @Test
  void embeddedCatalogLivesUnderTheDataDirectory() throws Exception {
    CatalogSettings settings = CatalogSettings.embedded(data);
    try (JdbcCatalog catalog = (JdbcCatalog) CatalogFactory.open(settings)) {
      WirelakeTables.ensureTables(catalog);
      assertThat(catalog.name()).isEqualTo("wirelake");
      assertThat(catalog.loadTable(WirelakeTables.L4_FLOWS).location())
          .isEqualTo("file://" + data.toAbsolutePath() + "/warehouse/net/l4_flows");
    }
    assertThat(data.resolve("catalog/catalog.db")).isRegularFile();
    assertThat(settings.properties())
        .containsEntry("jdbc.schema-version", "V1")
        .containsEntry("uri", "jdbc:sqlite:file:" + data.toAbsolutePath()
            + "/catalog/catalog.db?journal_mode=WAL&busy_timeout=30000");
  }

  @Test
  void sqliteRunsInWalModeWithABusyTimeout() throws Exception {
    CatalogSettings settings = CatalogSettings.embedded(data);
    try (JdbcCatalog catalog = (JdbcCatalog) CatalogFactory.open(settings)) {
      WirelakeTables.ensureTables(catalog);
    }
    try (Connection connection = DriverManager.getConnection(settings.properties().get("uri"));
        Statement statement = connection.createStatement()) {
      assertThat(pragma(statement, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(statement, "busy_timeout")).isEqualTo("30000");
    }
  }

  @Test
  void twoCatalogsOnTheSameFileBothSeeACommit() throws Exception {
    CatalogSettings settings = CatalogSettings.embedded(data);
    try (JdbcCatalog writer = (JdbcCatalog) CatalogFactory.open(settings);
        JdbcCatalog reader = (JdbcCatalog) CatalogFactory.open(settings)) {
      WirelakeTables.ensureTables(writer);
      Table seenByReader = reader.loadTable(WirelakeTables.L4_FLOWS);
      assertThat(seenByReader.currentSnapshot()).isNull();

      Table written = writer.loadTable(WirelakeTables.L4_FLOWS);
      IcebergRows.append(written, List.of(flow(written, "f1")));
      long committed = written.currentSnapshot().snapshotId();

      assertThat(reader.loadTable(WirelakeTables.L4_FLOWS).currentSnapshot().snapshotId())
          .isEqualTo(committed);
      seenByReader.refresh();
      assertThat(seenByReader.currentSnapshot().snapshotId()).isEqualTo(committed);
      assertThat(seenByReader.currentSnapshot().summary()).containsEntry("added-records", "1");
    }
  }

  @Test
  void flinkCatalogLoaderSurvivesSerializationAndLoadsTheSameTables() throws Exception {
    CatalogSettings settings = CatalogSettings.embedded(data);
    try (JdbcCatalog catalog = (JdbcCatalog) CatalogFactory.open(settings)) {
      WirelakeTables.ensureTables(catalog);
    }
    CatalogLoader loader = roundTrip(CatalogFactory.catalogLoader(settings));

    Catalog loaded = loader.loadCatalog();
    try {
      assertThat(loaded.name()).isEqualTo("wirelake");
      assertThat(loaded.tableExists(WirelakeTables.L7_TRANSACTIONS)).isTrue();
    } finally {
      ((AutoCloseable) loaded).close();
    }
  }

  @Test
  void flinkSqlOptionsNameTheIcebergCatalogAndQuoteValues() {
    CatalogSettings settings =
        CatalogSettings.fromProperties(
            Map.of("type", "rest", "uri", "http://rest:8181", "warehouse", "s3://lake/it's"));

    assertThat(settings.catalogImpl()).isEqualTo("org.apache.iceberg.rest.RESTCatalog");
    assertThat(CatalogFactory.flinkCatalogOptions(settings))
        .containsEntry("type", "iceberg")
        .containsEntry("catalog-impl", "org.apache.iceberg.rest.RESTCatalog")
        .containsEntry("uri", "http://rest:8181")
        .containsEntry("default-database", "net");
    assertThat(CatalogFactory.createCatalogStatement(settings))
        .isEqualTo(
            "CREATE CATALOG `wirelake` WITH ('type'='iceberg',"
                + " 'catalog-impl'='org.apache.iceberg.rest.RESTCatalog', 'uri'='http://rest:8181',"
                + " 'warehouse'='s3://lake/it''s', 'default-database'='net')");
  }

  @Test
  void propertiesNeedACatalogKindAndSecretsStayOutOfToString() {
    CatalogSettings sqlite =
        CatalogSettings.fromProperties(
            Map.of("type", "jdbc", "uri", "jdbc:sqlite:file:/tmp/x.db", "name", "lake",
                "jdbc.password", "hunter2", "credential", "id:secret"));

    assertThat(sqlite.name()).isEqualTo("lake");
    assertThat(sqlite.properties()).containsEntry("jdbc.schema-version", "V1");
    assertThat(sqlite.toString()).doesNotContain("hunter2").doesNotContain("id:secret");
    assertThatThrownBy(() -> CatalogSettings.fromProperties(Map.of("uri", "http://x")))
        .hasMessageContaining("'type'");
    assertThatThrownBy(() -> CatalogSettings.fromProperties(Map.of("type", "mongo")))
        .hasMessageContaining("unknown catalog type 'mongo'");
  }

  private static Record flow(Table table, String id) {
    Record row = GenericRecord.create(table.schema());
    row.setField("flow_id", id);
    row.setField("node", "n");
    row.setField("client_ip", "10.0.0.1");
    row.setField("client_port", 1234);
    row.setField("server_ip", "10.0.0.2");
    row.setField("server_port", 80);
    row.setField("start_ts", ts("2026-11-24T14:00:00Z"));
    row.setField("bytes_c2s", 1L);
    row.setField("bytes_s2c", 2L);
    row.setField("packets_c2s", 1L);
    row.setField("packets_s2c", 1L);
    row.setField("retransmissions", 0);
    row.setField("out_of_order", 0);
    row.setField("close_reason", "fin");
    return row;
  }

  private static String pragma(Statement statement, String name) throws Exception {
    try (ResultSet result = statement.executeQuery("PRAGMA " + name)) {
      result.next();
      return result.getString(1);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
