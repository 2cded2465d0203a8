package io.wirelake.lakehouse.sql;

import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.CatalogDescriptor;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs analysts' SQL as Flink batch SQL over the wirelake catalog, read-only: the current catalog
 * is the wirelake catalog and the current database {@code net}, so {@code net.l4_flows} and
 * {@code l4_flows} both work, and the session time zone is UTC. Only a single query is run;
 * anything else is refused with an {@link InvalidQueryException} before it executes.
 *
 * <p>One instance holds one Flink table environment; open it once and reuse it, since the first
 * query of a JVM pays for class loading and planner start-up. Queries run one at a time.
 */
public final class ReadOnlySql implements AutoCloseable {

  private final LocalFlink flink;
  private final TableEnvironmentInternal env;
  private final StatementGuard guard;

  private ReadOnlySql(LocalFlink flink, TableEnvironmentInternal env) {
    this.flink = flink;
    this.env = env;
    this.guard = new StatementGuard(env.getParser());
  }

  /**
   * A SQL session over the catalog the settings describe, with its own small in-process Flink
   * cluster. Close it to stop the cluster and release the catalog.
   */
  public static ReadOnlySql open(CatalogSettings settings) {
    LocalFlink flink = LocalFlink.start();
    try {
      // initialize a new embedded catalog under CatalogFactory's lock, not Flink's loader
      closeCatalog(CatalogFactory.open(settings));
      Configuration config = flink.clientConfiguration();
      config.setString("parallelism.default", "1");
      config.setString("table.exec.resource.default-parallelism", "1");
      config.setString("table.exec.iceberg.infer-source-parallelism", "false");
      config.setString("table.local-time-zone", "UTC");
      TableEnvironment env =
          TableEnvironment.create(
              EnvironmentSettings.newInstance().inBatchMode().withConfiguration(config).build());
      Map<String, String> options = new HashMap<>(CatalogFactory.flinkCatalogOptions(settings));
      // a long-lived session (the MCP server) must see every commit, not a 30 s old table
      options.put("cache-enabled", "false");
      env.createCatalog(
          settings.name(), CatalogDescriptor.of(settings.name(), Configuration.fromMap(options)));
      env.useCatalog(settings.name());
      return new ReadOnlySql(flink, (TableEnvironmentInternal) env);
    } catch (RuntimeException e) {
      closeQuietly(flink, e);
      throw e;
    }
  }

  /** Runs one query and returns all its rows. */
  public QueryResult query(String sql) {
    return query(sql, Long.MAX_VALUE);
  }

  /**
   * Runs one query and returns at most {@code maxRows} rows; {@link QueryResult#truncated()}
   * tells whether there were more. The query is cancelled once the limit is reached.
   *
   * @throws InvalidQueryException if the SQL is not a single query, does not parse or does not
   *     validate; nothing has run then
   */
  public synchronized QueryResult query(String sql, long maxRows) {
    if (maxRows < 0) {
      throw new IllegalArgumentException("row limit must not be negative: " + maxRows);
    }
    QueryOperation query = guard.requireQuery(ReservedColumnNames.quote(sql));
    flink.awaitRunning();
    TableResult result = env.executeInternal(query);
    ResolvedSchema schema = result.getResolvedSchema();
    List<QueryResult.Column> columns = new ArrayList<>();
    for (Column column : schema.getColumns()) {
      columns.add(
          new QueryResult.Column(
              column.getName(), column.getDataType().getLogicalType().asSummaryString()));
    }
    List<List<Object>> rows = new ArrayList<>();
    boolean truncated = false;
    try (CloseableIterator<Row> it = result.collect()) {
      while (it.hasNext()) {
        Row row = it.next();
        if (rows.size() >= maxRows) {
          truncated = true;
          break;
        }
        Object[] values = new Object[row.getArity()];
        for (int i = 0; i < values.length; i++) {
          values[i] = row.getField(i);
        }
        rows.add(Collections.unmodifiableList(Arrays.asList(values)));
      }
    } catch (Exception e) {
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("query failed: " + StatementGuard.describe(e), e);
    }
    return new QueryResult(columns, rows, truncated);
  }

  /** Stops the Flink cluster and closes the catalog connections. */
  @Override
  public synchronized void close() {
    try {
      env.getCatalogManager().close();
    } finally {
      closeQuietly(flink, null);
    }
  }

  private static void closeCatalog(org.apache.iceberg.catalog.Catalog catalog) {
    if (catalog instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot close catalog " + catalog.name(), e);
      }
    }
  }

  private static void closeQuietly(LocalFlink flink, Exception failure) {
    try {
      flink.close();
    } catch (Exception e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }
}
