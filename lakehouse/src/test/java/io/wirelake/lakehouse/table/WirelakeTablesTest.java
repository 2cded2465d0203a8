package io.wirelake.lakehouse.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WirelakeTablesTest {

  @TempDir Path data;

  @Test
  void ensureTablesCreatesEveryTableWithItsPartitioningAndIsIdempotent() throws Exception {
    try (JdbcCatalog catalog = (JdbcCatalog) CatalogFactory.open(CatalogSettings.embedded(data))) {
      WirelakeTables.ensureTables(catalog);
      List<String> firstMetadata = metadataLocations(catalog);

      WirelakeTables.ensureTables(catalog);

      assertThat(catalog.listTables(WirelakeTables.NAMESPACE))
          .extracting(TableIdentifier::name)
          .containsExactlyInAnyOrder(
              "segments", "l4_flows", "l7_transactions", "l7_latency_1m", "l7_latency_1h",
              "l7_latency_1d", "l4_handshake_1m", "l4_handshake_1h", "l4_handshake_1d", "workloads",
              "audit_log");
      assertThat(metadataLocations(catalog)).isEqualTo(firstMetadata);

      assertThat(partitioning(catalog, WirelakeTables.SEGMENTS)).containsExactly("hour(ts)");
      assertThat(partitioning(catalog, WirelakeTables.L4_FLOWS)).containsExactly("hour(start_ts)");
      assertThat(partitioning(catalog, WirelakeTables.L7_TRANSACTIONS))
          .containsExactly("hour(request_ts)");
      assertThat(partitioning(catalog, WirelakeTables.L7_LATENCY_1M))
          .containsExactly("day(window_start)");
      assertThat(partitioning(catalog, WirelakeTables.L4_HANDSHAKE_1M))
          .containsExactly("day(window_start)");
      assertThat(partitioning(catalog, WirelakeTables.L7_LATENCY_1D))
          .containsExactly("month(window_start)");
      assertThat(partitioning(catalog, WirelakeTables.L4_HANDSHAKE_1H))
          .containsExactly("day(window_start)");
      assertThat(partitioning(catalog, WirelakeTables.WORKLOADS)).containsExactly("day(ts)");
      assertThat(partitioning(catalog, WirelakeTables.AUDIT_LOG)).containsExactly("day(ts)");
    }
  }

  @Test
  void createdTablesHaveTheDeclaredSchemaIdsFormatV2AndZstdParquet() throws Exception {
    try (JdbcCatalog catalog = (JdbcCatalog) CatalogFactory.open(CatalogSettings.embedded(data))) {
      WirelakeTables.ensureTables(catalog);
      for (TableIdentifier id : WirelakeTables.all()) {
        Table table = catalog.loadTable(id);
        // field ids written in WirelakeTables are the ones Iceberg assigned
        assertThat(table.schema().asStruct()).as(id.toString())
            .isEqualTo(WirelakeTables.schema(id).asStruct());
        assertThat(((HasTableOperations) table).operations().current().formatVersion()).isEqualTo(2);
        assertThat(table.properties())
            .containsEntry("write.format.default", "parquet")
            .containsEntry("write.parquet.compression-codec", "zstd")
            .containsEntry("write.target-file-size-bytes", "134217728");
        assertThat(table.sortOrder().isSorted()).isTrue();
      }
      Table flows = catalog.loadTable(WirelakeTables.L4_FLOWS);
      assertThat(flows.schema().findType("start_ts")).isEqualTo(Types.TimestampType.withZone());
      assertThat(flows.schema().findField("client_external").type()).isEqualTo(Types.BooleanType.get());
      assertThat(flows.schema().findField("flow_id").isRequired()).isTrue();
      assertThat(flows.schema().findField("server_workload").isOptional()).isTrue();
      assertThat(flows.schema().columns()).hasSize(30);
      assertThat(catalog.loadTable(WirelakeTables.L7_TRANSACTIONS).schema().findType("request_headers"))
          .isEqualTo(Types.MapType.ofOptional(38, 39, Types.StringType.get(), Types.StringType.get()));
    }
  }

  @Test
  void twoProcessesEnsuringTablesAtOnceBothSucceed() throws Exception {
    CatalogSettings settings = CatalogSettings.embedded(data);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Callable<Integer> ensure =
            () -> {
              try (JdbcCatalog catalog = (JdbcCatalog) CatalogFactory.open(settings)) {
                WirelakeTables.ensureTables(catalog);
                return catalog.listTables(WirelakeTables.NAMESPACE).size();
              }
            };
        results.add(pool.submit(ensure));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(WirelakeTables.all().size());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> partitioning(Catalog catalog, TableIdentifier id) {
    Table table = catalog.loadTable(id);
    return table.spec().fields().stream()
        .map(f -> f.transform() + "(" + table.schema().findColumnName(f.sourceId()) + ")")
        .collect(Collectors.toList());
  }

  private static List<String> metadataLocations(Catalog catalog) {
    return WirelakeTables.all().stream()
        .map(id -> ((HasTableOperations) catalog.loadTable(id)).operations().current().metadataFileLocation())
        .collect(Collectors.toList());
  }

}
