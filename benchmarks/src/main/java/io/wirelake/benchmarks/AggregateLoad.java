package io.wirelake.benchmarks;

import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.sketch.LatencySketch;
import io.wirelake.lakehouse.table.WirelakeTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * Generates synthetic latency aggregates straight into {@code net.l7_latency_1m/_1h/_1d} of an embedded catalog,
 * for {@link AggregateQueries}: {@code --services} services (default 500) × 4 endpoints × 2 status classes
 * (2xx, 5xx), from {@code <end's day> - --days} (default 30) up to {@code --end} (default
 * 2026-11-25T18:00:00Z, a Wednesday).
 *
 * <p>Layout, as a retention policy and a batch ingest would leave it: hour rows and day rows for the whole span
 * (the day of {@code --end} has a partial day row, as the batch ingest flushes every open window at the end of
 * its input), minute rows only for the last {@code --minute-hours} (default 48). Every latency is generated
 * (log-normal per service and endpoint, daily and weekly rhythm, Poisson counts); a minute row's sketch is built
 * from its values, an hour row inside the minute retention is the merge of its minute rows, an older hour row is
 * built from the hour's values directly (the same thing: DDSketch bins count exactly, so the merge of the minute
 * sketches equals the sketch of all the values), and a day row is the merge of its hour rows. Groups without a
 * request in a window get no row, as the aggregating job emits none. Two anomalies on the last day make
 * compare_windows find something: svc-007's latency ×1.8 and svc-042's error rate ×10.
 *
 * <p>Each table gets one Parquet file per partition (day partitions for 1m/1h, month partitions for 1d) and one
 * commit; the Parquet row groups are the tables' default size (128 MiB, so one row group per file) unless
 * {@code --row-group-bytes} sets {@code write.parquet.row-group-size-bytes} on the three tables first (a layout
 * experiment). Usage: {@code AggregateLoad --data DIR [--services N] [--days N] [--minute-hours N] [--end ISO]
 * [--min-rate R] [--max-rate R] [--seed S] [--row-group-bytes N]}; DIR must not hold a catalog yet.
 */
public final class AggregateLoad {
  static final Instant DEFAULT_END = Instant.parse("2026-11-25T18:00:00Z");
  static final String[] METHODS = {"GET", "GET", "POST", "PUT"};
  static final String[] ROUTES = {"/api/v1/items/{id}", "/api/v1/items", "/api/v1/orders", "/api/v1/orders/{id}"};
  static final double[] ROUTE_SHARE = {0.45, 0.25, 0.2, 0.1};
  static final String[] STATUS = {"2xx", "5xx"};
  static final long MINUTE_US = 60_000_000L;
  static final long HOUR_US = 60 * MINUTE_US;
  static final long DAY_US = 24 * HOUR_US;

  private final int services;
  private final long startUs;
  private final long endUs;
  private final long minuteFromUs;
  private final SplittableRandom random;
  private final Service[] svc;

  long requests;
  long minuteRows;
  long hourRows;
  long dayRows;

  /** One server service: its names, request rate and, per endpoint, its latency distribution. */
  record Service(String name, String namespace, String protocol, String client, String clientNamespace,
      double ratePerHour, double errorShare, double[] mu, double[] sigma) {}

  AggregateLoad(int services, int days, int minuteHours, Instant end, double minRate, double maxRate, long seed) {
    this.services = services;
    this.endUs = micros(end);
    this.startUs = Math.floorDiv(endUs, DAY_US) * DAY_US - days * DAY_US;
    this.minuteFromUs = Math.max(startUs, endUs - minuteHours * HOUR_US);
    if (endUs % HOUR_US != 0 || minuteFromUs % HOUR_US != 0) {
      throw new IllegalArgumentException("--end must be a whole hour");
    }
    this.random = new SplittableRandom(seed);
    this.svc = new Service[services];
    SplittableRandom r = new SplittableRandom(seed ^ 0x5EEDL);
    for (int s = 0; s < services; s++) {
      int client = (s * 7 + 3) % 20;
      double rate = Math.exp(Math.log(minRate) + r.nextDouble() * (Math.log(maxRate) - Math.log(minRate)));
      double err = Math.exp(Math.log(0.002) + r.nextDouble() * (Math.log(0.03) - Math.log(0.002)));
      double[] mu = new double[ROUTES.length];
      double[] sigma = new double[ROUTES.length];
      for (int k = 0; k < ROUTES.length; k++) {
        mu[k] = Math.log(2_000) + r.nextDouble() * (Math.log(80_000) - Math.log(2_000)); // median 2..80 ms
        sigma[k] = 0.35 + r.nextDouble() * 0.55;
      }
      svc[s] = new Service(String.format(Locale.ROOT, "svc-%03d", s), "ns-" + (s % 10),
          s % 5 == 0 ? "grpc" : "http/1.1", String.format(Locale.ROOT, "client-%02d", client), "ns-" + (client % 10),
          rate, err, mu, sigma);
    }
  }

  public static void main(String[] argv) throws Exception {
    Path data = null;
    int services = 500;
    int days = 30;
    int minuteHours = 48;
    Instant end = DEFAULT_END;
    double minRate = 100;
    double maxRate = 2_000;
    long seed = 42;
    long rowGroupBytes = 0;
    for (int i = 0; i < argv.length; i++) {
      switch (argv[i]) {
        case "--data" -> data = Path.of(argv[++i]);
        case "--services" -> services = Integer.parseInt(argv[++i]);
        case "--days" -> days = Integer.parseInt(argv[++i]);
        case "--minute-hours" -> minuteHours = Integer.parseInt(argv[++i]);
        case "--end" -> end = Instant.parse(argv[++i]);
        case "--min-rate" -> minRate = Double.parseDouble(argv[++i]);
        case "--max-rate" -> maxRate = Double.parseDouble(argv[++i]);
        case "--seed" -> seed = Long.parseLong(argv[++i]);
        case "--row-group-bytes" -> rowGroupBytes = Long.parseLong(argv[++i]);
        default -> throw new IllegalArgumentException("unknown option " + argv[i]
            + "; usage: AggregateLoad --data DIR [--services N] [--days N] [--minute-hours N] [--end ISO]"
            + " [--min-rate R] [--max-rate R] [--seed S] [--row-group-bytes N]");
      }
    }
    if (data == null) {
      throw new IllegalArgumentException("--data DIR is required");
    }
    if (Files.exists(data.resolve("catalog"))) {
      throw new IllegalStateException(data + " already holds a catalog; give a fresh directory");
    }
    Files.createDirectories(data);
    AggregateLoad load = new AggregateLoad(services, days, minuteHours, end, minRate, maxRate, seed);
    long t0 = System.nanoTime();
    Catalog catalog = CatalogFactory.open(CatalogSettings.embedded(data));
    WirelakeTables.ensureTables(catalog);
    if (rowGroupBytes > 0) {
      // a layout experiment: smaller Parquet row groups than the tables' default (128 MiB), so that the
      // row-group statistics of the time-sorted files can skip the windows a scan does not want
      for (TableIdentifier id : List.of(WirelakeTables.L7_LATENCY_1M, WirelakeTables.L7_LATENCY_1H,
          WirelakeTables.L7_LATENCY_1D)) {
        catalog.loadTable(id).updateProperties()
            .set(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, Long.toString(rowGroupBytes)).commit();
      }
    }
    long t1 = System.nanoTime();
    double[] phases = load.run(catalog);
    long t2 = System.nanoTime();
    if (catalog instanceof AutoCloseable c) {
      c.close();
    }
    System.out.printf(Locale.ROOT, "aggregate load: %d services, %s .. %s (minute rows from %s)%n", services,
        instant(load.startUs), instant(load.endUs), instant(load.minuteFromUs));
    System.out.printf(Locale.ROOT, "  rows: 1m %,d  1h %,d  1d %,d  (transactions represented: %,d)%n",
        load.minuteRows, load.hourRows, load.dayRows, load.requests);
    System.out.printf(Locale.ROOT, "  bytes on disk: 1m %,d  1h %,d  1d %,d%n",
        size(data, WirelakeTables.L7_LATENCY_1M), size(data, WirelakeTables.L7_LATENCY_1H),
        size(data, WirelakeTables.L7_LATENCY_1D));
    System.out.printf(Locale.ROOT, "  time: catalog + tables %.2f s, generate + write %.2f s, commit %.2f s,"
        + " total %.2f s%n", (t1 - t0) / 1e9, phases[0], phases[1], (t2 - t0) / 1e9);
  }

  private static long size(Path data, TableIdentifier id) throws IOException {
    Path dir = data.resolve("warehouse").resolve("net").resolve(id.name()).resolve("data");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** Generates and writes everything; returns {generate+write seconds, commit seconds}. */
  double[] run(Catalog catalog) {
    long t0 = System.nanoTime();
    Appender minutes = new Appender(catalog.loadTable(WirelakeTables.L7_LATENCY_1M), DAY_US);
    Appender hours = new Appender(catalog.loadTable(WirelakeTables.L7_LATENCY_1H), DAY_US);
    Appender daysOut = new Appender(catalog.loadTable(WirelakeTables.L7_LATENCY_1D), -1);
    int groups = services * ROUTES.length * STATUS.length;
    Acc[] day = new Acc[groups];
    Acc[] hour = new Acc[groups];
    Acc minute = new Acc();
    for (long dayStart = startUs; dayStart < endUs; dayStart += DAY_US) {
      for (int g = 0; g < groups; g++) {
        day[g] = new Acc();
      }
      boolean lastDay = dayStart + DAY_US > endUs;
      for (long h = dayStart; h < Math.min(dayStart + DAY_US, endUs); h += HOUR_US) {
        boolean withMinutes = h >= minuteFromUs;
        double rhythm = rhythm(h);
        for (int g = 0; g < groups; g++) {
          hour[g] = new Acc();
        }
        if (withMinutes) {
          for (long m = h; m < h + HOUR_US; m += MINUTE_US) {
            for (int g = 0; g < groups; g++) {
              minute.reset();
              fill(minute, g, rhythm / 60, lastDay);
              if (minute.requests > 0) {
                minutes.write(row(minutes, m, g, minute));
                minuteRows++;
                hour[g].merge(minute);
              }
            }
          }
        } else {
          for (int g = 0; g < groups; g++) {
            fill(hour[g], g, rhythm, lastDay);
          }
        }
        for (int g = 0; g < groups; g++) {
          if (hour[g].requests > 0) {
            hours.write(row(hours, h, g, hour[g]));
            hourRows++;
            day[g].merge(hour[g]);
          }
        }
      }
      for (int g = 0; g < groups; g++) {
        if (day[g].requests > 0) {
          daysOut.write(row(daysOut, dayStart, g, day[g]));
          dayRows++;
          requests += day[g].requests;
        }
      }
    }
    long t1 = System.nanoTime();
    minutes.commit();
    hours.commit();
    daysOut.commit();
    long t2 = System.nanoTime();
    return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
  }

  /** Requests per hour relative to the service's mean: a daily wave peaking at 14:00 UTC, quieter weekends. */
  static double rhythm(long hourUs) {
    double hourOfDay = Math.floorMod(hourUs, DAY_US) / (double) HOUR_US;
    long epochDay = Math.floorDiv(hourUs, DAY_US);
    int dow = (int) Math.floorMod(epochDay + 3, 7); // 0 = Monday (1970-01-01 was a Thursday)
    double weekly = dow >= 5 ? 0.6 : 1.0;
    return weekly * (1 + 0.7 * Math.sin(2 * Math.PI * (hourOfDay - 8) / 24));
  }

  /** Adds the requests of group {@code g} in one window whose expected share of the hourly rate is {@code scale}. */
  private void fill(Acc acc, int g, double scale, boolean lastDay) {
    int s = g / (ROUTES.length * STATUS.length);
    int k = (g / STATUS.length) % ROUTES.length;
    boolean error = g % STATUS.length == 1;
    Service sv = svc[s];
    double errShare = sv.errorShare() * (lastDay && s == 42 ? 10 : 1);
    double lambda = sv.ratePerHour() * scale * ROUTE_SHARE[k] * (error ? errShare : 1 - errShare);
    long n = poisson(lambda);
    if (n == 0) {
      return;
    }
    double mu = sv.mu()[k] + (error ? Math.log(0.4) : 0) + (lastDay && s == 7 ? Math.log(1.8) : 0);
    double sigma = sv.sigma()[k];
    for (long i = 0; i < n; i++) {
      long v = Math.max(1, Math.round(Math.exp(mu + sigma * random.nextGaussian())));
      acc.sketch.add(v);
      acc.sum += v;
      acc.max = Math.max(acc.max, v);
    }
    acc.requests += n;
    if (error) {
      acc.errors += n;
    }
  }

  private long poisson(double lambda) {
    if (lambda <= 0) {
      return 0;
    }
    if (lambda > 40) {
      return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.nextGaussian()));
    }
    double limit = Math.exp(-lambda);
    double p = random.nextDouble();
    long k = 0;
    while (p > limit) {
      p *= random.nextDouble();
      k++;
    }
    return k;
  }

  private Record row(Appender out, long windowUs, int g, Acc acc) {
    int s = g / (ROUTES.length * STATUS.length);
    int k = (g / STATUS.length) % ROUTES.length;
    Service sv = svc[s];
    Record r = out.record;
    r.setField("window_start", instant(windowUs).atOffset(ZoneOffset.UTC));
    r.setField("protocol", sv.protocol());
    r.setField("client_workload", sv.client());
    r.setField("client_namespace", sv.clientNamespace());
    r.setField("server_service", sv.name());
    r.setField("server_namespace", sv.namespace());
    r.setField("method", METHODS[k]);
    r.setField("route", ROUTES[k]);
    r.setField("status_class", STATUS[g % STATUS.length]);
    r.setField("requests", acc.requests);
    r.setField("errors", acc.errors);
    r.setField("p50_us", Math.min(acc.sketch.percentile(50), acc.max));
    r.setField("p90_us", Math.min(acc.sketch.percentile(90), acc.max));
    r.setField("p99_us", Math.min(acc.sketch.percentile(99), acc.max));
    r.setField("max_us", acc.max);
    r.setField("latency_sketch", ByteBuffer.wrap(acc.sketch.toBytes()));
    r.setField("client_ip", null);
    r.setField("server_ip", null);
    r.setField("server_port", null);
    r.setField("latency_sum_us", acc.sum);
    return r;
  }

  /** The running aggregate of one group in one window. */
  static final class Acc {
    LatencySketch sketch = LatencySketch.empty();
    long requests;
    long errors;
    long sum;
    long max;

    void reset() {
      sketch = LatencySketch.empty();
      requests = 0;
      errors = 0;
      sum = 0;
      max = 0;
    }

    void merge(Acc o) {
      sketch.merge(o.sketch);
      requests += o.requests;
      errors += o.errors;
      sum += o.sum;
      max = Math.max(max, o.max);
    }
  }

  /**
   * Rows in time order into one table: one Parquet data file per partition (the previous partition's file is
   * closed when the first row of the next arrives), all committed in one append.
   */
  static final class Appender {
    final Table table;
    final Record record;
    private final long partitionUs;
    private final GenericFileWriterFactory writers;
    private final OutputFileFactory files;
    private final InternalRecordWrapper wrapper;
    private final List<DataFile> done = new ArrayList<>();
    private DataWriter<Record> writer;
    private long partition = Long.MIN_VALUE;

    /** {@code partitionUs}: the partition width for day partitions, or -1 for month partitions. */
    Appender(Table table, long partitionUs) {
      this.table = table;
      this.record = GenericRecord.create(table.schema());
      this.partitionUs = partitionUs;
      this.writers = new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.PARQUET).build();
      this.files = OutputFileFactory.builderFor(table, 1, System.nanoTime()).format(FileFormat.PARQUET).build();
      this.wrapper = new InternalRecordWrapper(table.schema().asStruct());
    }

    void write(Record r) {
      OffsetDateTime ts = (OffsetDateTime) r.getField("window_start");
      long p = partitionUs > 0 ? Math.floorDiv(micros(ts.toInstant()), partitionUs)
          : ts.getYear() * 12L + ts.getMonthValue();
      if (p != partition) {
        close();
        PartitionKey key = new PartitionKey(table.spec(), table.schema());
        key.partition(wrapper.wrap(r));
        writer = writers.newDataWriter(files.newOutputFile(table.spec(), key), table.spec(), key);
        partition = p;
      }
      writer.write(r);
    }

    private void close() {
      if (writer != null) {
        try {
          writer.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        done.add(writer.toDataFile());
        writer = null;
      }
    }

    void commit() {
      close();
      AppendFiles append = table.newAppend();
      done.forEach(append::appendFile);
      append.commit();
    }
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
