package io.wirelake.mcp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/** Copied from lakehouse's test tree. Appends generic records to an Iceberg table the way a batch writer would: one commit. */
public final class IcebergRows {

  private IcebergRows() {}

  /** Writes one Parquet file per partition and commits them in a single append. */
  public static void append(Table table, List<Record> records) {
    GenericFileWriterFactory writers =
        new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build();
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, 1, System.nanoTime()).format(FileFormat.PARQUET).build();
    InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
    Map<PartitionKey, List<Record>> byPartition =
        records.stream()
            .collect(
                Collectors.groupingBy(
                    record -> {
                      PartitionKey key = new PartitionKey(table.spec(), table.schema());
                      key.partition(wrapper.wrap(record));
                      return key;
                    }));
    AppendFiles append = table.newAppend();
    byPartition.forEach(
        (key, rows) -> {
          EncryptedOutputFile out = files.newOutputFile(table.spec(), key);
          DataWriter<Record> writer = writers.newDataWriter(out, table.spec(), key);
          try (writer) {
            rows.forEach(writer::write);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          DataFile file = writer.toDataFile();
          append.appendFile(file);
        });
    append.commit();
  }

  /** A {@code timestamptz} value as the generic writer expects it. */
  public static OffsetDateTime ts(String isoInstant) {
    return Instant.parse(isoInstant).atOffset(ZoneOffset.UTC);
  }
}
