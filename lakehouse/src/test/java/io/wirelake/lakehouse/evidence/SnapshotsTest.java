package io.wirelake.lakehouse.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.evidence.CaptureRows.Frame;
import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.lakehouse.testing.IcebergRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named snapshots: tags on every table, and exports through them after the tables moved on. */
class SnapshotsTest {

  @TempDir Path data;
  @TempDir Path out;

  @Test
  void aTaggedExportStaysIdenticalAfterNewRowsAreAppended() throws Exception {
    List<Frame> frames = CaptureRows.read(CaptureRows.shared("captures/http-basic.pcap"));
    List<Frame> firstHalf = frames.subList(0, frames.size() / 2);
    List<Frame> secondHalf = frames.subList(frames.size() / 2, frames.size());
    Catalog catalog = CatalogFactory.open(CatalogSettings.embedded(data));
    WirelakeTables.ensureTables(catalog);
    IcebergRows.append(catalog.loadTable(WirelakeTables.SEGMENTS), CaptureRows.segments(firstHalf));
    Instant t0 = Instant.EPOCH.plusNanos(frames.get(0).tsMicros() * 1000);
    TimeWindow whole = new TimeWindow(t0, t0.plusSeconds(60));

    Snapshots snapshots = new Snapshots(catalog);
    SnapshotTag tag = snapshots.create("audit-1", Duration.ofDays(30));
    long taggedId = catalog.loadTable(WirelakeTables.SEGMENTS).currentSnapshot().snapshotId();
    assertThat(tag.tables()).extracting(SnapshotTag.TaggedTable::table).containsExactly("net.segments");
    assertThat(tag.tables().get(0).snapshotId()).isEqualTo(taggedId);
    assertThat(tag.tables().get(0).expiresAt()).isEqualTo(tag.tables().get(0).snapshotTime().plus(Duration.ofDays(30)));

    EvidenceExport export = new EvidenceExport(catalog);
    EvidenceQuery tagged = new EvidenceQuery(whole, null, null, null, null, null, null, null, null, null, "audit-1");
    Instant at = Instant.parse("2026-12-01T00:00:00Z");
    ExportResult before = export.export(tagged, out.resolve("before"), "r", at);
    assertThat(before.packets()).isEqualTo(firstHalf.size());

    IcebergRows.append(catalog.loadTable(WirelakeTables.SEGMENTS), CaptureRows.segments(secondHalf));
    ExportResult after = export.export(tagged, out.resolve("after"), "r", at);
    for (String file : List.of("capture.pcapng", "calls.jsonl", "manifest.json")) {
      assertThat(Files.readAllBytes(after.directory().resolve(file))).as(file)
          .isEqualTo(Files.readAllBytes(before.directory().resolve(file)));
    }
    ExportResult latest = export.export(EvidenceQuery.of(whole), out.resolve("latest"), "r", at);
    assertThat(latest.packets()).isEqualTo(frames.size());

    assertThatThrownBy(() -> snapshots.create("audit-1", null))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("already exists");
    assertThatThrownBy(() -> snapshots.create("bad name!", null))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("name");
    SnapshotTag second = snapshots.create("audit-2", null);
    assertThat(second.tables().get(0).expiresAt()).isNull();
    assertThat(snapshots.list()).extracting(SnapshotTag::name).containsExactly("audit-1", "audit-2");
    assertThat(snapshots.list().get(0).tables().get(0).snapshotId()).isEqualTo(taggedId);
    ((AutoCloseable) catalog).close();
  }

  @Test
  void snapshotOfEmptyTablesIsRefused() {
    Catalog catalog = CatalogFactory.open(CatalogSettings.embedded(data));
    WirelakeTables.ensureTables(catalog);
    assertThatThrownBy(() -> new Snapshots(catalog).create("x", null))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("empty");
  }

  @Test
  void retentionsReadDaysHoursWeeksAndIso() {
    assertThat(Retention.parse("30d", "retention")).isEqualTo(Duration.ofDays(30));
    assertThat(Retention.parse("2w", "retention")).isEqualTo(Duration.ofDays(14));
    assertThat(Retention.parse("PT12H", "retention")).isEqualTo(Duration.ofHours(12));
    assertThat(Retention.parse(null, "retention")).isNull();
    assertThatThrownBy(() -> Retention.parse("forever", "retention")).hasMessageContaining("retention");
  }
}
