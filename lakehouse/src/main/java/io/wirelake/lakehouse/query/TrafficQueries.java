package io.wirelake.lakehouse.query;

import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.table.WirelakeTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * Reads {@code l7_transactions} and {@code l4_flows} directly with Iceberg scans: filters are
 * pushed down (time window for partition pruning, equality and range predicates against file
 * metrics), only the needed columns are read, and user input never becomes SQL. One instance
 * keeps one catalog and its loaded tables, refreshed before every read so new commits show; it is
 * safe for concurrent use.
 */
public final class TrafficQueries implements AutoCloseable {

  /** Call columns a listing returns: everything but headers and bodies. */
  public static final List<String> CALL_COLUMNS = columnsExcept(
      WirelakeTables.l7TransactionsSchema(),
      Set.of("request_headers", "response_headers", "request_body", "response_body"));

  /** Every flow column. */
  public static final List<String> FLOW_COLUMNS =
      columnsExcept(WirelakeTables.l4FlowsSchema(), Set.of());

  private static final List<String> ALL_CALL_COLUMNS =
      columnsExcept(WirelakeTables.l7TransactionsSchema(), Set.of());

  private final Catalog catalog;
  private final LiveTables tables;

  /** A reader over an open catalog; {@link #close()} closes the catalog if it is closeable. */
  public TrafficQueries(Catalog catalog) {
    this.catalog = catalog;
    this.tables = new LiveTables(catalog);
  }

  /** Opens the catalog the settings describe. */
  public static TrafficQueries open(CatalogSettings settings) {
    return new TrafficQueries(CatalogFactory.open(settings));
  }

  /** A page of API calls matching the filter, ordered by request time then id. */
  public Page listCalls(TrafficFilter filter, PageRequest page) {
    return page(
        WirelakeTables.L7_TRANSACTIONS, "request_ts", "id", FilterExpressions.forCalls(filter), page,
        CALL_COLUMNS);
  }

  /** A page of L4 flows matching the filter, ordered by start time then flow id. */
  public Page listFlows(TrafficFilter filter, PageRequest page) {
    return page(
        WirelakeTables.L4_FLOWS, "start_ts", "flow_id", FilterExpressions.forFlows(filter), page,
        FLOW_COLUMNS);
  }

  /** One API call with every column, headers and bodies included. */
  public Optional<Row> call(String id) {
    return call(id, ALL_CALL_COLUMNS);
  }

  /** One API call with the given columns; leaving out the bodies makes the lookup much cheaper. */
  public Optional<Row> call(String id, Collection<String> columns) {
    List<Row> rows = new ArrayList<>();
    scan(WirelakeTables.L7_TRANSACTIONS, Expressions.equal("id", id), columns, rows::add);
    return rows.stream().findFirst();
  }

  /** One L4 flow; with a long-lived connection written several times, its latest row. */
  public Optional<Row> flow(String flowId) {
    List<Row> rows = new ArrayList<>();
    scan(WirelakeTables.L4_FLOWS, Expressions.equal("flow_id", flowId), FLOW_COLUMNS, rows::add);
    return rows.stream()
        .max(Comparator.comparing(row -> row.instant("end_ts") == null ? Instant.MIN : row.instant("end_ts")));
  }

  /** Every API call matching the filter (unordered), with the given columns. */
  public List<Row> calls(TrafficFilter filter, Collection<String> columns) {
    List<Row> rows = new ArrayList<>();
    scan(WirelakeTables.L7_TRANSACTIONS, FilterExpressions.forCalls(filter), columns, rows::add);
    return rows;
  }

  /** Every L4 flow matching the filter (unordered), with the given columns. */
  public List<Row> flows(TrafficFilter filter, Collection<String> columns) {
    List<Row> rows = new ArrayList<>();
    scan(WirelakeTables.L4_FLOWS, FilterExpressions.forFlows(filter), columns, rows::add);
    return rows;
  }

  /**
   * Volume, errors and latency percentiles of the matching calls per group, most requests first.
   * Computed from raw rows; the single place where longer windows may later be answered from the
   * one-minute aggregates instead.
   */
  public List<ApiStats> apiStats(TrafficFilter filter, CallGrouping groupBy) {
    List<String> columns = new ArrayList<>(CallGrouping.COLUMNS);
    columns.addAll(List.of("status", "error", "latency_us"));
    Map<String, CallAccumulator> groups = new HashMap<>();
    scan(
        WirelakeTables.L7_TRANSACTIONS,
        FilterExpressions.forCalls(filter),
        columns,
        row -> groups.computeIfAbsent(groupBy.key(row), k -> new CallAccumulator()).add(row));
    List<ApiStats> stats = new ArrayList<>();
    groups.forEach((group, acc) -> stats.add(acc.toStats(group)));
    stats.sort(Comparator.comparingLong(ApiStats::requests).reversed().thenComparing(ApiStats::group));
    return stats;
  }

  /** Totals and handshake percentiles of the matching flows per group, most flows first. */
  public List<FlowStats> flowStats(TrafficFilter filter, FlowGrouping groupBy) {
    List<String> columns = new ArrayList<>(FlowGrouping.COLUMNS);
    columns.addAll(
        List.of("close_reason", "bytes_c2s", "bytes_s2c", "packets_c2s", "packets_s2c",
            "retransmissions", "handshake_rtt_us"));
    Map<String, FlowAccumulator> groups = new HashMap<>();
    scan(
        WirelakeTables.L4_FLOWS,
        FilterExpressions.forFlows(filter),
        columns,
        row -> groups.computeIfAbsent(groupBy.key(row), k -> new FlowAccumulator()).add(row));
    List<FlowStats> stats = new ArrayList<>();
    groups.forEach((group, acc) -> stats.add(acc.toStats(group)));
    stats.sort(Comparator.comparingLong(FlowStats::flows).reversed().thenComparing(FlowStats::group));
    return stats;
  }

  /** Oldest and newest rows of {@code l7_transactions} and {@code l4_flows} per node. */
  public List<DataBoundary> boundaries() {
    List<DataBoundary> all = new ArrayList<>();
    all.addAll(boundaries(WirelakeTables.L7_TRANSACTIONS, "request_ts"));
    all.addAll(boundaries(WirelakeTables.L4_FLOWS, "start_ts"));
    return all;
  }

  private List<DataBoundary> boundaries(TableIdentifier table, String timeColumn) {
    Map<String, Instant[]> byNode = new TreeMap<>();
    Map<String, long[]> counts = new HashMap<>();
    scan(
        table,
        FilterExpressions.all(),
        List.of("node", timeColumn),
        row -> {
          Instant ts = row.instant(timeColumn);
          Instant[] range = byNode.computeIfAbsent(row.string("node"), n -> new Instant[] {ts, ts});
          if (ts.isBefore(range[0])) {
            range[0] = ts;
          }
          if (ts.isAfter(range[1])) {
            range[1] = ts;
          }
          counts.computeIfAbsent(row.string("node"), n -> new long[1])[0]++;
        });
    List<DataBoundary> result = new ArrayList<>();
    byNode.forEach(
        (node, range) ->
            result.add(new DataBoundary(table.name(), node, range[0], range[1], counts.get(node)[0])));
    return result;
  }

  @Override
  public void close() {
    if (catalog instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot close catalog " + catalog.name(), e);
      }
    }
  }

  private Page page(
      TableIdentifier table,
      String timeColumn,
      String idColumn,
      Expression filter,
      PageRequest request,
      List<String> columns) {
    PageCursor after = request.cursor() == null ? null : PageCursor.decode(request.cursor());
    Comparator<PageCursor> order =
        Comparator.comparingLong(PageCursor::micros).thenComparing(PageCursor::id);
    if (request.newestFirst()) {
      order = order.reversed();
    }
    Expression expr = filter;
    if (after != null) {
      expr =
          Expressions.and(
              expr,
              request.newestFirst()
                  ? Expressions.lessThanOrEqual(timeColumn, after.micros())
                  : Expressions.greaterThanOrEqual(timeColumn, after.micros()));
    }
    Comparator<PageCursor> pageOrder = order;
    // the page so far, its last row on top so it can be dropped when a row sorts before it
    PriorityQueue<Keyed> page =
        new PriorityQueue<>(Comparator.comparing(Keyed::key, pageOrder).reversed());
    long[] matched = {0};
    int limit = request.limit();
    scanRecords(
        table,
        expr,
        columns,
        record -> {
          PageCursor key = new PageCursor(
              Micros.of(Micros.instant(record.getField(timeColumn))), (String) record.getField(idColumn));
          if (after != null && pageOrder.compare(key, after) <= 0) {
            return;
          }
          matched[0]++;
          if (page.size() >= limit && pageOrder.compare(key, page.peek().key()) >= 0) {
            return;
          }
          page.add(new Keyed(key, toRow(record, columns)));
          if (page.size() > limit) {
            page.poll();
          }
        });
    List<Keyed> sorted = new ArrayList<>(page);
    sorted.sort(Comparator.comparing(Keyed::key, pageOrder));
    boolean truncated = matched[0] > sorted.size();
    String next = truncated ? sorted.get(sorted.size() - 1).key().encode() : null;
    return new Page(sorted.stream().map(Keyed::row).toList(), truncated, next, matched[0]);
  }

  private record Keyed(PageCursor key, Row row) {}

  private void scan(
      TableIdentifier table, Expression filter, Collection<String> columns, Consumer<Row> sink) {
    List<String> selected = List.copyOf(new LinkedHashSet<>(columns));
    scanRecords(table, filter, selected, record -> sink.accept(toRow(record, selected)));
  }

  private void scanRecords(
      TableIdentifier table, Expression filter, Collection<String> columns, Consumer<Record> sink) {
    LiveTables.Current current = tables.current(table);
    if (current.snapshot() == null) {
      return;
    }
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(current.table())
            .useSnapshot(current.snapshot().snapshotId())
            .where(filter)
            .select(List.copyOf(new LinkedHashSet<>(columns)))
            .build()) {
      for (Record record : records) {
        sink.accept(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + table, e);
    }
  }

  private static Row toRow(Record record, Collection<String> columns) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String column : columns) {
      values.put(column, value(record.getField(column)));
    }
    return new Row(values);
  }

  private static Object value(Object value) {
    if (value instanceof java.time.OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
      copy.put(buffer.duplicate()).flip();
      return copy.asReadOnlyBuffer();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, String> copy = new TreeMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), v == null ? null : v.toString()));
      return copy;
    }
    if (value instanceof CharSequence text) {
      return text.toString();
    }
    return value;
  }

  private static List<String> columnsExcept(Schema schema, Set<String> excluded) {
    return schema.columns().stream()
        .map(Types.NestedField::name)
        .filter(name -> !excluded.contains(name))
        .toList();
  }

  /** Collects one group of calls. */
  private static final class CallAccumulator {
    private long requests;
    private long errors;
    private final LongList latencies = new LongList();

    void add(Row row) {
      requests++;
      Integer status = row.intValue("status");
      if ((status != null && status >= 500) || row.get("error") != null) {
        errors++;
      }
      Long latency = row.longValue("latency_us");
      if (latency != null) {
        latencies.add(latency);
      }
    }

    ApiStats toStats(String group) {
      long[] sorted = latencies.sorted();
      return new ApiStats(
          group,
          requests,
          errors,
          requests == 0 ? 0 : (double) errors / requests,
          Percentiles.nearestRank(sorted, 50),
          Percentiles.nearestRank(sorted, 90),
          Percentiles.nearestRank(sorted, 99),
          sorted.length == 0 ? null : sorted[sorted.length - 1]);
    }
  }

  /** Collects one group of flows. */
  private static final class FlowAccumulator {
    private long flows;
    private long resets;
    private long bytesC2s;
    private long bytesS2c;
    private long packetsC2s;
    private long packetsS2c;
    private long retransmissions;
    private final LongList handshakes = new LongList();

    void add(Row row) {
      flows++;
      if ("rst".equals(row.string("close_reason"))) {
        resets++;
      }
      bytesC2s += zeroIfNull(row.longValue("bytes_c2s"));
      bytesS2c += zeroIfNull(row.longValue("bytes_s2c"));
      packetsC2s += zeroIfNull(row.longValue("packets_c2s"));
      packetsS2c += zeroIfNull(row.longValue("packets_s2c"));
      retransmissions += zeroIfNull(row.longValue("retransmissions"));
      Long rtt = row.longValue("handshake_rtt_us");
      if (rtt != null) {
        handshakes.add(rtt);
      }
    }

    FlowStats toStats(String group) {
      long[] sorted = handshakes.sorted();
      return new FlowStats(
          group, flows, resets, bytesC2s, bytesS2c, packetsC2s, packetsS2c, retransmissions,
          Percentiles.nearestRank(sorted, 50),
          Percentiles.nearestRank(sorted, 90),
          Percentiles.nearestRank(sorted, 99));
    }

    private static long zeroIfNull(Long value) {
      return value == null ? 0 : value;
    }
  }

}
