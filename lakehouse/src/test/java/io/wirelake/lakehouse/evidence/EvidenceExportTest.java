package io.wirelake.lakehouse.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wirelake.ingest.capture.CaptureReader;
import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.evidence.CaptureRows.Frame;
import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.lakehouse.testing.IcebergRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports over segments rows made from the real capture http-basic.pcap, checked against the
 * capture itself (read independently with the ingest readers) and with tshark.
 */
class EvidenceExportTest {

  static final Instant EXPORTED_AT = Instant.parse("2026-12-01T10:00:00Z");
  static final Instant FROM = Instant.parse("2026-11-25T22:05:07.700Z");
  static final Instant TO = Instant.parse("2026-11-25T22:05:08.800Z");

  @TempDir static Path data;
  @TempDir Path out;
  static Catalog catalog;
  static List<Frame> original;
  static List<Record> calls = new ArrayList<>();

  @BeforeAll
  static void writeTables() throws IOException {
    original = CaptureRows.read(CaptureRows.shared("captures/http-basic.pcap"));
    catalog = CatalogFactory.open(CatalogSettings.embedded(data));
    WirelakeTables.ensureTables(catalog);
    IcebergRows.append(catalog.loadTable(WirelakeTables.SEGMENTS), CaptureRows.segments(original));
    // one call per flow at its first frame; the body is binary
    Map<Integer, Frame> firstOfFlow = new TreeMap<>();
    original.forEach(f -> firstOfFlow.putIfAbsent(Math.max(f.srcPort(), f.dstPort()), f));
    firstOfFlow.forEach((port, f) -> calls.add(CaptureRows.call(
        "c" + port + ":1", "flow-" + port, f.node(), port, f.ts(), new byte[] {(byte) 0xff, 0, (byte) (int) port})));
    IcebergRows.append(catalog.loadTable(WirelakeTables.L7_TRANSACTIONS), calls);
  }

  @AfterAll
  static void close() throws Exception {
    ((AutoCloseable) catalog).close();
  }

  static EvidenceQuery window() {
    return EvidenceQuery.of(new TimeWindow(FROM, TO));
  }

  static EvidenceQuery withCallIds(List<String> ids) {
    return new EvidenceQuery(new TimeWindow(FROM, TO), null, null, null, null, null, null, null, null, ids, null);
  }

  ExportResult export(EvidenceQuery q, String dir) throws IOException {
    return new EvidenceExport(catalog).export(q, out.resolve(dir), "auditor@example.com", EXPORTED_AT);
  }

  /** Frames as "ts hex origLen", sorted by time then bytes: a canonical form for both sides. */
  static List<String> canonical(List<String> frames) {
    return frames.stream().sorted().toList();
  }

  static String describe(long ts, byte[] data, int origLen) {
    return String.format("%020d %s %d", ts, HexFormat.of().formatHex(data), origLen);
  }

  static List<CapturedFrame> readBack(Path pcapng) throws IOException {
    List<CapturedFrame> frames = new ArrayList<>();
    try (CaptureReader reader = CaptureReader.open(pcapng)) {
      for (CapturedFrame f; (f = reader.next()) != null; ) {
        frames.add(f);
      }
    }
    return frames;
  }

  @Test
  void captureHoldsExactlyTheWindowsOriginalFramesInTimeOrder() throws IOException {
    ExportResult result = export(window(), "a");
    List<Frame> expected = original.stream().filter(f -> !f.ts().isBefore(FROM) && f.ts().isBefore(TO)).toList();
    assertThat(expected).hasSizeBetween(50, original.size() - 50);

    List<CapturedFrame> got = readBack(result.directory().resolve("capture.pcapng"));
    assertThat(got).extracting(CapturedFrame::tsMicros).isSorted();
    assertThat(canonical(got.stream().map(f -> describe(f.tsMicros(), f.data(), f.origLen())).toList()))
        .isEqualTo(canonical(expected.stream().map(f -> describe(f.tsMicros(), f.data(), f.origLen())).toList()));
    assertThat(got).extracting(CapturedFrame::linkType).containsOnly(1);
    assertThat(result.packets()).isEqualTo(expected.size());
    assertThat(result.calls()).isEqualTo(calls.stream().filter(c -> inWindow(c)).count());
  }

  @Test
  void tsharkReadsTheCaptureWithoutErrorsAndSeesNodesAndFlows() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")) || onPath("tshark"), "tshark is not installed");
    ExportResult result = export(window(), "t");
    List<Frame> expected = original.stream().filter(f -> !f.ts().isBefore(FROM) && f.ts().isBefore(TO))
        .sorted(Comparator.comparingLong(Frame::tsMicros)).toList();
    Tshark.Output fields = Tshark.run(result.directory().resolve("capture.pcapng"),
        "-T", "fields", "-E", "separator=/t", "-e", "frame.time_epoch", "-e", "frame.interface_name",
        "-e", "frame.interface_description", "-e", "frame.comment", "-e", "frame.len", "-e", "frame.cap_len");
    assertThat(fields.exitCode()).as(fields.stderr()).isZero();
    assertThat(fields.stderr()).as("tshark stderr").doesNotContainIgnoringCase("error")
        .doesNotContainIgnoringCase("damaged").doesNotContainIgnoringCase("corrupt");
    List<String> lines = fields.stdout().lines().toList();
    assertThat(lines).hasSize(expected.size());
    for (int i = 0; i < lines.size(); i++) {
      Frame f = expected.get(i);
      String[] col = lines.get(i).split("\t", -1);
      assertThat(col[0]).isEqualTo(String.format("%d.%06d000", f.tsMicros() / 1_000_000, f.tsMicros() % 1_000_000));
      assertThat(col[1]).isEqualTo("eth0");
      assertThat(col[2]).isEqualTo(f.node());
      assertThat(col[3]).isEqualTo("node=" + f.node() + " flow=" + f.flowId());
      assertThat(col[4]).isEqualTo(String.valueOf(f.origLen()));
      assertThat(col[5]).isEqualTo(String.valueOf(f.data().length));
    }
  }

  @Test
  void callsAreTheWindowsTransactionsOnePerLineWithSortedKeysAndBase64Bodies() throws IOException {
    ExportResult result = export(window(), "c");
    List<String> lines = Files.readAllLines(result.directory().resolve("calls.jsonl"), StandardCharsets.UTF_8);
    List<Record> expected = calls.stream().filter(EvidenceExportTest::inWindow)
        .sorted(Comparator.comparing(c -> c.getField("request_ts").toString())).toList();
    assertThat(lines).hasSize(expected.size()).isNotEmpty();
    for (int i = 0; i < lines.size(); i++) {
      Map<String, Object> line = CanonicalJson.parseObject(lines.get(i));
      assertThat(List.copyOf(line.keySet())).isSorted().hasSize(WirelakeTables.l7TransactionsSchema().columns().size());
      Record call = expected.get(i);
      assertThat(line.get("id")).isEqualTo(call.getField("id"));
      int port = (Integer) call.getField("client_port");
      assertThat(Base64.getDecoder().decode((String) line.get("response_body")))
          .containsExactly((byte) 0xff, 0, (byte) port);
      assertThat(line.get("request_headers")).isEqualTo(Map.of("accept", "*/*", "host", "localhost:8080"));
      assertThat(line).containsEntry("request_body", null);
    }
    assertThat(lines.get(0)).startsWith("{\"client_external\":null,\"client_ip\":\"127.0.0.1\"");
  }

  @Test
  void theSameQueryGivesByteIdenticalFilesAndTheManifestDiffersOnlyInWhoAndWhen() throws IOException {
    ExportResult first = export(window(), "1");
    ExportResult second = export(window(), "2");
    for (String file : List.of("capture.pcapng", "calls.jsonl", "manifest.json")) {
      assertThat(Files.readAllBytes(second.directory().resolve(file))).as(file)
          .isEqualTo(Files.readAllBytes(first.directory().resolve(file)));
    }
    ExportResult other = new EvidenceExport(catalog).export(window(), out.resolve("3"), "someone-else", EXPORTED_AT.plusSeconds(3600));
    for (String file : List.of("capture.pcapng", "calls.jsonl")) {
      assertThat(Files.readAllBytes(other.directory().resolve(file))).as(file)
          .isEqualTo(Files.readAllBytes(first.directory().resolve(file)));
    }
    Map<String, Object> a = new TreeMap<>(CanonicalJson.parseObject(Files.readString(first.directory().resolve("manifest.json"))));
    Map<String, Object> b = new TreeMap<>(CanonicalJson.parseObject(Files.readString(other.directory().resolve("manifest.json"))));
    assertThat(b.get("requester")).isEqualTo("someone-else");
    assertThat(b.get("exported_at")).isEqualTo("2026-12-01T11:00:00Z");
    for (String key : List.of("requester", "exported_at")) {
      a.remove(key);
      b.remove(key);
    }
    assertThat(b).isEqualTo(a);
  }

  @Test
  @SuppressWarnings("unchecked")
  void manifestRecordsQueryCountsSnapshotsAndHashes() throws IOException {
    ExportResult result = export(window(), "m");
    Path dir = result.directory();
    String text = Files.readString(dir.resolve("manifest.json"));
    assertThat(text).startsWith("{\n  \"counts\" : {").endsWith("}\n");
    Map<String, Object> m = CanonicalJson.parseObject(text);
    assertThat(List.copyOf(m.keySet())).isSorted();
    assertThat(m).containsEntry("requester", "auditor@example.com").containsEntry("exported_at", "2026-12-01T10:00:00Z")
        .containsEntry("window", Map.of("from", FROM.toString(), "to", TO.toString()));
    Map<String, Object> tables = (Map<String, Object>) m.get("tables");
    assertThat(((Map<String, Object>) tables.get("net.segments")).get("snapshot_id"))
        .isEqualTo(catalog.loadTable(WirelakeTables.SEGMENTS).currentSnapshot().snapshotId());
    assertThat(((Map<String, Object>) tables.get("net.l7_transactions")).get("snapshot_id"))
        .isEqualTo(catalog.loadTable(WirelakeTables.L7_TRANSACTIONS).currentSnapshot().snapshotId());
    Map<String, Object> files = (Map<String, Object>) m.get("files");
    assertThat(files).containsOnlyKeys("capture.pcapng", "calls.jsonl");
    String sha = sha256Hex(Files.readAllBytes(dir.resolve("capture.pcapng")));
    assertThat(((Map<String, Object>) files.get("capture.pcapng")).get("sha256")).isEqualTo(sha);
    Map<String, Object> counts = (Map<String, Object>) m.get("counts");
    assertThat(((Number) counts.get("packets")).longValue()).isEqualTo(result.packets());
    assertThat(((Number) counts.get("calls")).longValue()).isEqualTo(result.calls());
  }

  @Test
  void verifyPassesOnAnExportAndNamesEachChangedFile() throws IOException {
    Path dir = export(window(), "v").directory();
    assertThat(EvidenceVerifier.verify(dir)).isEmpty();
    flipOneByte(dir.resolve("capture.pcapng"), 200);
    List<String> problems = EvidenceVerifier.verify(dir);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).startsWith("capture.pcapng: SHA-256");
    flipOneByte(dir.resolve("calls.jsonl"), 5);
    Files.writeString(dir.resolve("extra.txt"), "x");
    assertThat(EvidenceVerifier.verify(dir)).hasSize(3)
        .anyMatch(p -> p.startsWith("calls.jsonl: SHA-256"))
        .anyMatch(p -> p.startsWith("extra.txt"));
    Files.delete(dir.resolve("calls.jsonl"));
    assertThat(EvidenceVerifier.verify(dir)).anyMatch(p -> p.equals("calls.jsonl: missing"));
  }

  @Test
  void callIdsSelectTheirFlowsFramesOnly() throws IOException {
    Frame some = original.stream().filter(f -> !f.ts().isBefore(FROM) && f.ts().isBefore(TO)).findFirst().orElseThrow();
    int port = Math.max(some.srcPort(), some.dstPort());
    ExportResult result = export(withCallIds(List.of("c" + port + ":1")), "id");
    List<Frame> expected = original.stream()
        .filter(f -> !f.ts().isBefore(FROM) && f.ts().isBefore(TO))
        .filter(f -> f.srcPort() == port || f.dstPort() == port).toList();
    assertThat(readBack(result.directory().resolve("capture.pcapng")))
        .extracting(f -> describe(f.tsMicros(), f.data(), f.origLen()))
        .containsExactlyInAnyOrderElementsOf(expected.stream().map(f -> describe(f.tsMicros(), f.data(), f.origLen())).toList());
    assertThat(result.calls()).isEqualTo(calls.stream().filter(c -> c.getField("id").equals("c" + port + ":1") && inWindow(c)).count());
  }

  @Test
  void aPortFilterSelectsFramesDirectly() throws IOException {
    Frame some = original.get(original.size() / 2);
    int port = Math.max(some.srcPort(), some.dstPort());
    EvidenceQuery q = new EvidenceQuery(new TimeWindow(FROM, TO), null, null, null, null, null, "127.0.0.1", port,
        null, null, null);
    ExportResult result = export(q, "port");
    long expected = original.stream().filter(f -> !f.ts().isBefore(FROM) && f.ts().isBefore(TO))
        .filter(f -> f.srcPort() == port || f.dstPort() == port).count();
    assertThat(result.packets()).isEqualTo(expected).isPositive();
  }

  @Test
  void refusesAFolderThatIsNotEmptyAndAnUnknownSnapshot() throws IOException {
    Files.createDirectories(out.resolve("full"));
    Files.writeString(out.resolve("full/x"), "x");
    assertThatThrownBy(() -> export(window(), "full"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("out");
    EvidenceQuery q = new EvidenceQuery(new TimeWindow(FROM, TO), null, null, null, null, null, null, null,
        null, null, "no-such-name");
    assertThatThrownBy(() -> export(q, "s"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("snapshot").hasMessageContaining("no-such-name");
  }

  static boolean inWindow(Record call) {
    Instant ts = ((java.time.OffsetDateTime) call.getField("request_ts")).toInstant();
    return !ts.isBefore(FROM) && ts.isBefore(TO);
  }

  static void flipOneByte(Path file, int offset) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[offset] ^= 0x01;
    Files.write(file, bytes);
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean onPath(String command) {
    try {
      Process p = new ProcessBuilder("sh", "-c", "command -v " + command).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
