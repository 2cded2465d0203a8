package io.wirelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.cli.pipeline.SourceProducer;
import io.wirelake.cli.up.UpStack;
import io.wirelake.ingest.capture.CaptureReader;
import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.lakehouse.testing.TableReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up} and the replays share a {@code --data}: a first {@code up} after {@code ingest} adds only what reaches
 * Kafka from then on, a stopped and restarted {@code up} neither loses nor repeats rows, and {@code ingest}
 * refuses tables that {@code up} keeps. Row counts are tshark's (http-basic: 37 connections, 67 exchanges;
 * http-reorder: 14 and 22).
 */
class UpContinuityTest {
  @TempDir Path data;

  @Test
  void upContinuesAfterIngestAndAcrossARestartWithoutRepeatingRows() throws Exception {
    assertThat(IngestEndToEndTest.wirelake("ingest", "--data", data.toString(), "--node", "n1",
        "--pcap", IngestEndToEndTest.capture("http-basic.pcap").toString())).isZero();
    assertCounts(37, 67);

    try (UpStack up = UpStack.start(settings())) {
      assertThat(up.resumedFrom()).isEmpty();
      produce(up, "http-reorder.pcap");
      awaitCounts(37 + 14, 67 + 22);
    }
    try (UpStack up = UpStack.start(settings())) {
      assertThat(up.resumedFrom()).isPresent();
      produce(up, "http-basic.pcap"); // another node's copy of the first capture: new rows, once
      awaitCounts(37 + 14 + 37, 67 + 22 + 67);
    }
    assertThat(ids(WirelakeTables.L7_TRANSACTIONS)).hasSize(67 + 22 + 67);

    assertThat(IngestEndToEndTest.wirelake("ingest", "--data", data.toString(),
        "--pcap", IngestEndToEndTest.capture("http-reorder.pcap").toString())).isNotZero();
    assertCounts(37 + 14 + 37, 67 + 22 + 67);
  }

  private UpStack.Settings settings() {
    return new UpStack.Settings(data, null, 1, Duration.ofSeconds(1), Duration.ofSeconds(2), "127.0.0.1", 0,
        "test-token", false, null, null, line -> System.out.println("up: " + line));
  }

  private static void produce(UpStack up, String capture) throws IOException {
    Path file = IngestEndToEndTest.capture(capture);
    String node = "n" + System.nanoTime();
    try (CaptureReader reader = CaptureReader.open(file)) {
      SourceProducer.produce(up.bootstrapServers(), capture + "@" + node, node, reader.frames(), n -> { });
    }
  }

  private void awaitCounts(int flows, int transactions) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (count(WirelakeTables.L4_FLOWS) < flows || count(WirelakeTables.L7_TRANSACTIONS) < transactions) {
      assertThat(System.nanoTime()).as("rows within 3 minutes").isLessThan(deadline);
      Thread.sleep(500);
    }
    Thread.sleep(3_000); // three more checkpoints: a repeat would have been committed by now
    assertCounts(flows, transactions);
  }

  private void assertCounts(int flows, int transactions) throws IOException {
    assertThat(count(WirelakeTables.L4_FLOWS)).isEqualTo(flows);
    assertThat(count(WirelakeTables.L7_TRANSACTIONS)).isEqualTo(transactions);
  }

  private long count(TableIdentifier table) throws IOException {
    try (TableReader t = TableReader.embedded(data)) {
      return t.count(table);
    }
  }

  private Set<Object> ids(TableIdentifier table) throws IOException {
    try (TableReader t = TableReader.embedded(data)) {
      return new HashSet<>(t.column(table, table.equals(WirelakeTables.L7_TRANSACTIONS) ? "id" : "flow_id"));
    }
  }
}
