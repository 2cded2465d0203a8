package io.wirelake.lakehouse.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.maintenance.TableMaintenance;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.lakehouse.testing.IcebergRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance compacts the small files a streaming sink leaves and expires old snapshots, but an export through
 * a tag must come out byte for byte the same afterwards.
 */
class MaintenanceKeepsTaggedEvidenceTest {
  @TempDir Path data;
  @TempDir Path exports;

  @Test
  void taggedExportIsByteIdenticalBeforeAndAfterMaintenance() throws Exception {
    Catalog catalog = CatalogFactory.open(CatalogSettings.embedded(data));
    try {
      WirelakeTables.ensureTables(catalog);
      List<CaptureRows.Frame> frames = CaptureRows.read(CaptureRows.shared("captures/http-basic.pcap"));
      List<Record> rows = CaptureRows.segments(frames);
      Table segments = catalog.loadTable(WirelakeTables.SEGMENTS);
      // many small commits, as checkpoints make them
      int chunk = rows.size() / 6 + 1;
      for (int i = 0; i < rows.size(); i += chunk) {
        IcebergRows.append(segments, rows.subList(i, Math.min(rows.size(), i + chunk)));
      }
      new Snapshots(catalog).create("audit-1", null);
      IcebergRows.append(catalog.loadTable(WirelakeTables.SEGMENTS), rows.subList(0, 10)); // later traffic

      TimeWindow all = new TimeWindow(frames.get(0).ts(), frames.get(frames.size() - 1).ts().plusSeconds(1));
      EvidenceQuery tagged = new EvidenceQuery(all, null, null, null, null, null, null, null, null, List.of(),
          "audit-1");
      Instant at = Instant.parse("2026-11-25T12:00:00Z");
      new EvidenceExport(catalog).export(tagged, exports.resolve("before"), "test", at);

      List<TableMaintenance.Report> reports = new TableMaintenance(catalog, 128L * 1024 * 1024)
          .run(Duration.ZERO, 1, Instant.now().plusSeconds(1));
      TableMaintenance.Report seg = reports.stream().filter(r -> r.table().equals("segments")).findFirst()
          .orElseThrow();
      assertThat(seg.filesRewritten()).isGreaterThan(1);
      assertThat(seg.snapshotsAfter()).isLessThan(seg.snapshotsBefore());

      new EvidenceExport(catalog).export(tagged, exports.resolve("after"), "test", at);
      for (String f : List.of(EvidenceExport.CAPTURE, EvidenceExport.CALLS, EvidenceExport.MANIFEST)) {
        assertThat(Files.readAllBytes(exports.resolve("after").resolve(f))).as(f)
            .isEqualTo(Files.readAllBytes(exports.resolve("before").resolve(f)));
      }
      assertThat(EvidenceVerifier.verify(exports.resolve("after"))).isEmpty();
    } finally {
      ((java.io.Closeable) catalog).close();
    }
  }
}
