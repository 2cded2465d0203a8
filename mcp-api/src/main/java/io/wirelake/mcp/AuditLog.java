package io.wirelake.mcp;

import io.wirelake.lakehouse.table.WirelakeTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * Appends one row to {@code net.audit_log} per tool call, synchronously, before the answer goes
 * out: one small Parquet file and one Iceberg commit per call. Creates the table if the catalog
 * predates it.
 */
final class AuditLog {

  /** The caller name of the stdio transport, whose client is the local process that started it. */
  static final String STDIO = "stdio";

  private final Table table;
  private final GenericFileWriterFactory writers;
  private final OutputFileFactory files;
  private final InternalRecordWrapper wrapper;
  private final AtomicLong appends = new AtomicLong();
  private final AtomicLong appendNanos = new AtomicLong();

  AuditLog(Catalog catalog) {
    if (!catalog.tableExists(WirelakeTables.AUDIT_LOG)) {
      try {
        catalog.buildTable(WirelakeTables.AUDIT_LOG, WirelakeTables.schema(WirelakeTables.AUDIT_LOG))
            .withPartitionSpec(WirelakeTables.spec(WirelakeTables.AUDIT_LOG))
            .withSortOrder(WirelakeTables.sortOrder(WirelakeTables.AUDIT_LOG))
            .withProperties(WirelakeTables.properties(WirelakeTables.AUDIT_LOG))
            .create();
      } catch (AlreadyExistsException raced) {
        // created concurrently: fine
      }
    }
    this.table = catalog.loadTable(WirelakeTables.AUDIT_LOG);
    this.writers = new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build();
    this.files = OutputFileFactory.builderFor(table, 1, System.nanoTime()).format(FileFormat.PARQUET).build();
    this.wrapper = new InternalRecordWrapper(table.schema().asStruct());
  }

  /** The caller name for a bearer token: {@code token:} and the first 8 hex digits of its SHA-256. */
  static String tokenCaller(String token) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return "token:" + HexFormat.of().formatHex(hash).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Appends and commits one row; serialised, so concurrent calls do not race for the commit. */
  synchronized void record(
      Instant ts, String caller, String tool, String arguments, long rowsReturned, boolean isError, long durationUs) {
    long started = System.nanoTime();
    Record row = GenericRecord.create(table.schema());
    row.setField("ts", ts.atOffset(ZoneOffset.UTC));
    row.setField("caller", caller);
    row.setField("tool", tool);
    row.setField("arguments", arguments);
    row.setField("rows_returned", rowsReturned);
    row.setField("is_error", isError);
    row.setField("duration_us", durationUs);
    PartitionKey key = new PartitionKey(table.spec(), table.schema());
    key.partition(wrapper.wrap(row));
    DataWriter<Record> writer = writers.newDataWriter(files.newOutputFile(table.spec(), key), table.spec(), key);
    try (writer) {
      writer.write(row);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the audit row", e);
    }
    table.newFastAppend().appendFile(writer.toDataFile()).commit();
    appends.incrementAndGet();
    appendNanos.addAndGet(System.nanoTime() - started);
  }

  /** Mean time one {@link #record} took so far, microseconds; 0 before the first. */
  long meanAppendMicros() {
    long n = appends.get();
    return n == 0 ? 0 : appendNanos.get() / n / 1000;
  }
}
