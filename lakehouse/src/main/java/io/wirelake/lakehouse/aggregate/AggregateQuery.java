package io.wirelake.lakehouse.aggregate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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
 * SQL: filters are expressions, not strings. A scan reads only the columns its grouping needs, loads each table
 * once per query, and scans the tiles of a window concurrently (up to four threads, bounded by the CPUs).
 */
public final class AggregateQuery {
  /** What every scan reads besides the columns of the group key (the filter's columns Iceberg adds itself). */
  private static final List<String> LATENCY_VALUES = List.of("window_start", "requests", "errors",
      "latency_sum_us", "max_us", "latency_sketch");
  private static final List<String> HANDSHAKE_VALUES = List.of("window_start", "flows", "resets",
      "handshake_sketch");

  /**
   * Tiles are scanned concurrently on this many threads at most (the calling thread included); a window
   * usually has one to five tiles.
   */
  private static final int PARALLELISM = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  private static final ExecutorService TILE_SCANS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "aggregate-tile-scan");
    t.setDaemon(true);
    return t;
  });

  /** Tiles cached per table snapshot: a snapshot never changes, so neither does what a tile of it sums to. */
  private static final int CACHED_TILES = 512;

  private final Catalog catalog;
  private final Map<TileKey, Map<String, GroupStats>> tileCache =
      Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TileKey, Map<String, GroupStats>> eldest) {
          return size() > CACHED_TILES;
        }
      });

  /** What identifies the result of one tile scan. */
  private record TileKey(String table, long snapshotId, long from, long to, GroupBy groupBy, String filter,
      boolean latency) {}

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
    Expression filters = filter.toExpression(latency);
    List<String> columns = columns(groupBy, latency);
    List<Tiling.Tile> tiles = Tiling.tiles(micros(from), micros(to));
    // each table is loaded once per query (one catalog round trip and metadata read), on this thread
    Map<TableIdentifier, Table> tables = new HashMap<>();
    for (Tiling.Tile tile : tiles) {
      TableIdentifier id = latency ? tile.grain().latencyTable() : tile.grain().handshakeTable();
      tables.computeIfAbsent(id, catalog::loadTable);
    }
    List<Callable<Map<String, GroupStats>>> scans = new ArrayList<>();
    for (Tiling.Tile tile : tiles) {
      Table table = tables.get(latency ? tile.grain().latencyTable() : tile.grain().handshakeTable());
      TileKey key = table.currentSnapshot() == null ? null : new TileKey(table.name(),
          table.currentSnapshot().snapshotId(), tile.fromMicros(), tile.toMicros(), groupBy, filters.toString(),
          latency);
      scans.add(() -> {
        Map<String, GroupStats> cached = key == null ? null : tileCache.get(key);
        if (cached != null) {
          return cached;
        }
        Map<String, GroupStats> part = scanTile(table, tile, filters, columns, groupBy, latency);
        if (key != null) {
          tileCache.put(key, part);
        }
        return part;
      });
    }
    List<Map<String, GroupStats>> parts = runAll(scans);
    // merged in tile order into fresh objects (the parts may be cached): the groups keep the order in which a
    // sequential scan would first see them
    Map<String, GroupStats> groups = new LinkedHashMap<>();
    for (Map<String, GroupStats> part : parts) {
      for (GroupStats g : part.values()) {
        groups.computeIfAbsent(g.group(), GroupStats::new).merge(g);
      }
    }
    return groups;
  }

  private static Map<String, GroupStats> scanTile(Table table, Tiling.Tile tile, Expression filters,
      List<String> columns, GroupBy groupBy, boolean latency) {
    Map<String, GroupStats> groups = new LinkedHashMap<>();
    Expression where = Expressions.and(filters,
        Expressions.greaterThanOrEqual("window_start", tile.fromMicros()),
        Expressions.lessThan("window_start", tile.toMicros()));
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).where(where).select(columns).build()) {
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
    return groups;
  }

  /** Runs the scans, up to {@link #PARALLELISM} at a time, the calling thread taking part; results in order. */
  private static List<Map<String, GroupStats>> runAll(List<Callable<Map<String, GroupStats>>> scans) {
    int n = scans.size();
    List<Map<String, GroupStats>> results = new ArrayList<>(Collections.nCopies(n, null));
    if (n == 1 || PARALLELISM == 1) {
      for (int i = 0; i < n; i++) {
        results.set(i, call(scans.get(i)));
      }
      return results;
    }
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
        results.set(i, call(scans.get(i)));
      }
    };
    List<Future<?>> helpers = new ArrayList<>();
    for (int h = 1; h < Math.min(PARALLELISM, n); h++) {
      helpers.add(TILE_SCANS.submit(worker));
    }
    RuntimeException failure = null;
    try {
      worker.run();
    } catch (RuntimeException e) {
      failure = e;
      next.set(n); // let the helpers stop after their current tile
    }
    for (Future<?> f : helpers) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while scanning aggregates", e);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }

  private static Map<String, GroupStats> call(Callable<Map<String, GroupStats>> scan) {
    try {
      return scan.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The values plus the columns {@link GroupBy#key} reads for this grouping. */
  static List<String> columns(GroupBy groupBy, boolean latency) {
    List<String> columns = new ArrayList<>(latency ? LATENCY_VALUES : HANDSHAKE_VALUES);
    switch (groupBy) {
      case ENDPOINT:
        columns.addAll(List.of("method", "route"));
        columns.addAll(List.of("server_service", "server_ip", "server_port"));
        break;
      case SERVICE:
        columns.addAll(List.of("server_service", "server_ip", "server_port"));
        break;
      case NAMESPACE:
        columns.add("server_namespace");
        break;
      case CLIENT:
        columns.addAll(List.of("client_workload", "client_ip"));
        break;
      case PROTOCOL:
        if (latency) {
          columns.add("protocol");
        }
        break;
      case NODE:
        if (!latency) {
          columns.add("node");
        }
        break;
      case ALL:
        break;
      default:
        throw new IllegalStateException(groupBy.name());
    }
    return columns;
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

  /** The value's bytes; the reader's own array when the buffer wraps exactly that (no copy), else a copy. */
  private static byte[] bytes(Object v) {
    if (v == null) {
      return null;
    }
    ByteBuffer b = (ByteBuffer) v;
    if (b.hasArray() && b.arrayOffset() == 0 && b.position() == 0 && b.remaining() == b.array().length) {
      return b.array();
    }
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
