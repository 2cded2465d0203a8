package io.wirelake.flink.job;

import io.wirelake.flink.aggregate.Granularity;
import io.wirelake.flink.enrich.WorkloadChange;
import io.wirelake.flink.aggregate.HandshakeAggregate;
import io.wirelake.flink.aggregate.LatencyAggregate;
import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.lakehouse.table.WirelakeTables;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;

/**
 * Writes the job's outputs to the wirelake Iceberg tables with {@link IcebergSink}: data files are committed
 * once per checkpoint (and at the end of a bounded input), exactly once across restarts from a checkpoint.
 */
public final class IcebergSinks implements PipelineJob.Sinks {
  private final CatalogLoader catalog;

  public IcebergSinks(CatalogLoader catalog) {
    this.catalog = catalog;
  }

  @Override
  public void flows(DataStream<L4Flow> flows) {
    sink(flows, WirelakeTables.L4_FLOWS, TableRows::of);
  }

  @Override
  public void transactions(DataStream<L7Transaction> transactions) {
    sink(transactions, WirelakeTables.L7_TRANSACTIONS, TableRows::of);
  }

  @Override
  public void latency(Granularity granularity, DataStream<LatencyAggregate> rows) {
    TableIdentifier table = TableIdentifier.of(WirelakeTables.NAMESPACE, "l7_latency_" + granularity.suffix());
    sink(rows, table, TableRows::of);
  }

  @Override
  public void handshakes(Granularity granularity, DataStream<HandshakeAggregate> rows) {
    TableIdentifier table = TableIdentifier.of(WirelakeTables.NAMESPACE, "l4_handshake_" + granularity.suffix());
    sink(rows, table, TableRows::of);
  }

  @Override
  public void workloads(DataStream<WorkloadChange> changes) {
    sink(changes, WirelakeTables.WORKLOADS, TableRows::of);
  }

  /** The archive of captured frames, rows from {@link SegmentArchive}. */
  public void segments(DataStream<RowData> rows) {
    sink(rows, WirelakeTables.SEGMENTS);
  }

  /** Column values of one output record, by column name. */
  private interface Columns<T> extends java.io.Serializable {
    Map<String, Object> of(T record);
  }

  private <T> void sink(DataStream<T> records, TableIdentifier table, Columns<T> columns) {
    Schema schema = WirelakeTables.schema(table);
    RowMapper mapper = new RowMapper(schema);
    sink(records.map((MapFunction<T, RowData>) r -> mapper.toRow(columns.of(r)))
        .returns(InternalTypeInfo.of(FlinkSchemaUtil.convert(schema)))
        .uid(table.name() + "-rows").name(table.name() + " rows"), table);
  }

  private void sink(DataStream<RowData> rows, TableIdentifier table) {
    IcebergSink.forRowData(rows)
        .tableLoader(TableLoader.fromCatalog(catalog, table))
        .uidSuffix(table.name())
        .setAll(Map.of("write-format", "parquet"))
        .append();
  }
}
