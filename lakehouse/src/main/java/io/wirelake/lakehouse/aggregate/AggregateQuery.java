package io.wirelake.lakehouse.aggregate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Statistics per group over any window, from the aggregate tables: the window is tiled with whole days, hours
 * and minutes (see {@link Tiling}), each tile is an Iceberg scan with the time range and the filters pushed
 * down (partition pruning and row-group statistics do the rest), and the groups' sketches are merged. Never
 * SQL: filters are expressions, not strings.
 */
public final class AggregateQuery {
  private static final List<String> LATENCY_COLUMNS = List.of("window_start", "protocol", "client_workload",
      "client_ip", "server_service", "server_namespace", "server_ip", "server_port", "method", "route",
      "requests", "errors", "latency_sum_us", "max_us", "latency_sketch");
  private static final List<String> HANDSHAKE_COLUMNS = List.of("window_start", "client_workload", "client_ip",
      "server_service", "server_namespace", "server_ip", "server_port", "node", "flows", "resets",
      "handshake_sketch");

  private final Catalog catalog;

  public AggregateQuery(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The statistics {@code metric} reads: handshakes for {@link Metric#HANDSHAKE}, latency otherwise. */
  public Map<String, GroupStats> stats(Instant from, Instant to, GroupBy groupBy, AggregateFilter filter,
      Metric metric) {
    return metric.usesHandshakes() ? handshakes(from, to, groupBy, filter) : latency(from, to, groupBy, filter);
  }

  /** Latency statistics of transactions requested in {@code [from, to)}, by group. */
  public Map<String, GroupStats> latency(Instant from, Instant to, GroupBy groupBy, AggregateFilter filter) {
    return scan(from, to, groupBy, filter, true);
  }

  /** Handshake statistics of connections started in {@code [from, to)}, by group. */
  public Map<String, GroupStats> handshakes(Instant from, Instant to, GroupBy groupBy, AggregateFilter filter) {
    return scan(from, to, groupBy, filter, false);
  }

  private Map<String, GroupStats> scan(Instant from, Instant to, GroupBy groupBy, AggregateFilter filter,
      boolean latency) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("the window is empty or inverted: " + from + " .. " + to);
    }
    Map<String, GroupStats> groups = new LinkedHashMap<>();
    Expression filters = filter.toExpression(latency);
    for (Tiling.Tile tile : Tiling.tiles(micros(from), micros(to))) {
      TableIdentifier id = latency ? tile.grain().latencyTable() : tile.grain().handshakeTable();
      Table table = catalog.loadTable(id);
      Expression where = Expressions.and(filters,
          Expressions.greaterThanOrEqual("window_start", tile.fromMicros()),
          Expressions.lessThan("window_start", tile.toMicros()));
      try (CloseableIterable<Record> rows = IcebergGenerics.read(table).where(where)
          .select(latency ? LATENCY_COLUMNS : HANDSHAKE_COLUMNS).build()) {
        for (Record r : rows) {
          String key = groupBy.key(r, latency);
          GroupStats g = groups.computeIfAbsent(key, GroupStats::new);
          if (latency) {
            g.add((Long) r.getField("requests"), (Long) r.getField("errors"), (Long) r.getField("latency_sum_us"),
                (Long) r.getField("max_us"), bytes(r.getField("latency_sketch")));
          } else {
            g.add((Long) r.getField("flows"), (Long) r.getField("resets"), null, null,
                bytes(r.getField("handshake_sketch")));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return groups;
  }

  /**
   * The span the minute aggregates cover, {@code [first window start, last window end)}, read from the data
   * files' column bounds rather than the rows; empty when there are none. Used to close open-ended windows.
   */
  public Optional<Instant[]> dataRange(Metric metric) {
    Table table = catalog.loadTable(metric.usesHandshakes() ? Grain.MINUTE.handshakeTable() : Grain.MINUTE.latencyTable());
    int field = table.schema().findField("window_start").fieldId();
    Long min = null;
    Long max = null;
    try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().planFiles()) {
      for (FileScanTask task : tasks) {
        ByteBuffer lo = task.file().lowerBounds() == null ? null : task.file().lowerBounds().get(field);
        ByteBuffer hi = task.file().upperBounds() == null ? null : task.file().upperBounds().get(field);
        if (lo == null || hi == null) {
          continue;
        }
        long l = Conversions.<Long>fromByteBuffer(Types.TimestampType.withZone(), lo);
        long h = Conversions.<Long>fromByteBuffer(Types.TimestampType.withZone(), hi);
        min = min == null ? l : Math.min(min, l);
        max = max == null ? h : Math.max(max, h);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (min == null) {
      return Optional.empty();
    }
    return Optional.of(new Instant[] {instant(min), instant(max + Grain.MINUTE.micros)});
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  private static byte[] bytes(Object v) {
    if (v == null) {
      return null;
    }
    ByteBuffer b = (ByteBuffer) v;
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
