package io.wirelake.flink.job;

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
    Schema schema = WirelakeTables.l4FlowsSchema();
    RowMapper mapper = new RowMapper(schema);
    sink(flows.map((MapFunction<L4Flow, RowData>) f -> mapper.toRow(TableRows.of(f)))
        .returns(InternalTypeInfo.of(FlinkSchemaUtil.convert(schema)))
        .uid("l4-flows-rows").name("l4_flows rows"), WirelakeTables.L4_FLOWS);
  }

  @Override
  public void transactions(DataStream<L7Transaction> transactions) {
    Schema schema = WirelakeTables.l7TransactionsSchema();
    RowMapper mapper = new RowMapper(schema);
    sink(transactions.map((MapFunction<L7Transaction, RowData>) t -> mapper.toRow(TableRows.of(t)))
        .returns(InternalTypeInfo.of(FlinkSchemaUtil.convert(schema)))
        .uid("l7-transactions-rows").name("l7_transactions rows"), WirelakeTables.L7_TRANSACTIONS);
  }

  private void sink(DataStream<RowData> rows, TableIdentifier table) {
    IcebergSink.forRowData(rows)
        .tableLoader(TableLoader.fromCatalog(catalog, table))
        .uidSuffix(table.name())
        .setAll(Map.of("write-format", "parquet"))
        .append();
  }
}
