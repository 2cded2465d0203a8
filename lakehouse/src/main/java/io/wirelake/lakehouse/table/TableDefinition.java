package io.wirelake.lakehouse.table;

import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.catalog.TableIdentifier;

/** Everything needed to create one wirelake table: schema, partitioning, sort order, properties. */
record TableDefinition(
    TableIdentifier identifier,
    Schema schema,
    PartitionSpec spec,
    SortOrder sortOrder,
    Map<String, String> properties) {

  TableDefinition {
    properties = Map.copyOf(properties);
  }
}
