package io.wirelake.lakehouse.evidence;

import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.table.WirelakeTables;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The compliance evidence export of SPEC section 4: writes, into a new folder, {@code
 * capture.pcapng} (the original frames of the selected flows in the window, in capture order),
 * {@code calls.jsonl} (the matching {@code l7_transactions}, by request time then id) and {@code
 * manifest.json} (query, window, counts, the snapshot id of every table read, SHA-256 of every
 * file, requester and export time).
 *
 * <p>Every table is read with Iceberg scans at one pinned snapshot: its current one, or the one
 * the query's named snapshot (tag) points to. The same query over the same snapshots gives
 * byte-identical {@code capture.pcapng} and {@code calls.jsonl}; {@code manifest.json} differs
 * only in {@code exported_at} and {@code requester}, which the caller passes in.
 *
 * <p>The selected frames are held in memory to sort them.
 */
public final class EvidenceExport {

  public static final String CAPTURE = "capture.pcapng";
  public static final String CALLS = "calls.jsonl";
  public static final String MANIFEST = "manifest.json";
  public static final String FORMAT = "wirelake-evidence/1";

  private static final List<String> SEGMENT_COLUMNS =
      List.of("ts", "node", "iface", "link_type", "flow_id", "frame", "orig_len",
          "src_ip", "src_port", "dst_ip", "dst_port");
  private static final List<String> FLOW_COLUMNS =
      List.of("client_ip", "client_port", "server_ip", "server_port");

  private final Catalog catalog;

  /** An exporter over an open catalog (not closed by it). */
  public EvidenceExport(Catalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Writes the export for {@code query} into {@code out}, which must not exist or be empty.
   *
   * @param requester who asked, recorded in the manifest only
   * @param exportedAt when, recorded in the manifest only (truncated to seconds)
   * @throws InvalidArgumentException naming {@code out} or {@code snapshot} for a bad argument
   */
  public ExportResult export(EvidenceQuery query, Path out, String requester, Instant exportedAt)
      throws IOException {
    prepare(out);
    PinnedTables tables = new PinnedTables(catalog, query.snapshot());
    Map<String, Long> rowsRead = new TreeMap<>();

    List<Record> calls = new ArrayList<>();
    read(tables, WirelakeTables.L7_TRANSACTIONS, EvidenceFilters.calls(query), null, calls::add);
    calls.sort(Comparator.comparing((Record r) -> ((OffsetDateTime) r.getField("request_ts")).toInstant())
        .thenComparing(r -> r.getField("id").toString()));
    rowsRead.put(name(WirelakeTables.L7_TRANSACTIONS), (long) calls.size());

    FlowPairs pairs = null;
    Expression segmentFilter = EvidenceFilters.segments(query);
    if (query.needsFlowLookup()) {
      FlowPairs selected = new FlowPairs();
      calls.forEach(c -> selected.add(
          str(c, "client_ip"), c.getField("client_port"), str(c, "server_ip"), c.getField("server_port")));
      if (query.callIds().isEmpty()) {
        long[] flows = {0};
        read(tables, WirelakeTables.L4_FLOWS, EvidenceFilters.flows(query), FLOW_COLUMNS, f -> {
          flows[0]++;
          selected.add(str(f, "client_ip"), f.getField("client_port"), str(f, "server_ip"), f.getField("server_port"));
        });
        rowsRead.put(name(WirelakeTables.L4_FLOWS), flows[0]);
      }
      segmentFilter = Expressions.and(segmentFilter, EvidenceFilters.sourceIn(selected.ips()));
      pairs = selected;
    }

    List<SegmentFrame> frames = new ArrayList<>();
    FlowPairs only = pairs;
    read(tables, WirelakeTables.SEGMENTS, segmentFilter, SEGMENT_COLUMNS, s -> {
      if (only == null || only.contains(str(s, "src_ip"), s.getField("src_port"), str(s, "dst_ip"), s.getField("dst_port"))) {
        frames.add(frame(s));
      }
    });
    frames.sort(SegmentFrame.ORDER);
    rowsRead.put(name(WirelakeTables.SEGMENTS), (long) frames.size());

    try (OutputStream capture = new BufferedOutputStream(Files.newOutputStream(out.resolve(CAPTURE)))) {
      PcapngWriter.write(frames, capture);
    }
    try (Writer lines = Files.newBufferedWriter(out.resolve(CALLS), StandardCharsets.UTF_8)) {
      for (Record call : calls) {
        lines.write(CanonicalJson.compact(CallLines.toJson(call)));
        lines.write('\n');
      }
    }

    Map<String, Object> manifest = new TreeMap<>();
    manifest.put("format", FORMAT);
    manifest.put("query", query.describe());
    manifest.put("window", Map.of("from", query.window().from().toString(), "to", query.window().to().toString()));
    manifest.put("snapshot", query.snapshot());
    manifest.put("requester", requester);
    manifest.put("exported_at", exportedAt.truncatedTo(ChronoUnit.SECONDS).toString());
    Map<String, Object> counts = new TreeMap<>();
    counts.put("packets", (long) frames.size());
    counts.put("calls", (long) calls.size());
    counts.put("flows", (long) frames.stream().map(SegmentFrame::flowId).distinct().count());
    counts.put("interfaces", (long) frames.stream().map(SegmentFrame::interfaceKey).distinct().count());
    manifest.put("counts", counts);
    Map<String, Object> tablesRead = new TreeMap<>();
    tables.all().forEach((id, pinned) -> {
      Map<String, Object> t = new TreeMap<>();
      t.put("snapshot_id", pinned.snapshotId());
      t.put("rows", rowsRead.getOrDefault(name(id), 0L));
      tablesRead.put(name(id), t);
    });
    manifest.put("tables", tablesRead);
    Map<String, Object> files = new TreeMap<>();
    for (String file : List.of(CAPTURE, CALLS)) {
      Path path = out.resolve(file);
      files.put(file, Map.of("bytes", Files.size(path), "sha256", Sha256.of(path)));
    }
    manifest.put("files", files);
    Files.writeString(out.resolve(MANIFEST), CanonicalJson.pretty(manifest), StandardCharsets.UTF_8);
    return new ExportResult(out, manifest, frames.size(), calls.size());
  }

  private static void prepare(Path out) throws IOException {
    if (Files.exists(out)) {
      if (!Files.isDirectory(out)) {
        throw new InvalidArgumentException("out", out + " is a file; name a new folder");
      }
      try (Stream<Path> entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new InvalidArgumentException("out", out + " is not empty; name a new folder");
        }
      }
    }
    Files.createDirectories(out);
  }

  /** Reads a pinned table; columns null for all. Nothing if the table is missing or empty. */
  private static void read(PinnedTables tables, TableIdentifier id, Expression filter, List<String> columns,
      Consumer<Record> sink) {
    PinnedTables.Pinned pinned = tables.pin(id);
    if (pinned.snapshotId() == null) {
      return;
    }
    IcebergGenerics.ScanBuilder scan =
        IcebergGenerics.read(pinned.table()).useSnapshot(pinned.snapshotId()).where(filter);
    if (columns != null) {
      scan = scan.select(columns);
    }
    try (CloseableIterable<Record> records = scan.build()) {
      for (Record record : records) {
        sink.accept(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + id, e);
    }
  }

  private static SegmentFrame frame(Record s) {
    ByteBuffer buffer = ((ByteBuffer) s.getField("frame")).duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    Instant ts = ((OffsetDateTime) s.getField("ts")).toInstant();
    long micros = Math.addExact(Math.multiplyExact(ts.getEpochSecond(), 1_000_000L), ts.getNano() / 1_000L);
    return new SegmentFrame(micros, str(s, "node"), str(s, "iface"), (Integer) s.getField("link_type"),
        str(s, "flow_id"), bytes, (Integer) s.getField("orig_len"));
  }

  private static String str(Record r, String column) {
    Object value = r.getField(column);
    return value == null ? null : value.toString();
  }

  private static String name(TableIdentifier id) {
    return id.toString();
  }

  static TreeSet<String> fileNames() {
    return new TreeSet<>(List.of(CAPTURE, CALLS, MANIFEST));
  }
}
