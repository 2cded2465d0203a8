package io.wirelake.cli;

import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.table.WirelakeTables;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** The one-screen summary after an ingest: connections, transactions by status class, p50/p90/p99. */
final class Summary {
  private final CatalogSettings catalog;

  Summary(CatalogSettings catalog) {
    this.catalog = catalog;
  }

  void print(PrintStream out) throws IOException {
    Catalog c = CatalogFactory.open(catalog);
    try {
      Table flows = c.loadTable(WirelakeTables.L4_FLOWS);
      Table tx = c.loadTable(WirelakeTables.L7_TRANSACTIONS);
      long connections = 0;
      List<Long> rtts = new ArrayList<>();
      Map<String, Long> closes = new TreeMap<>();
      try (CloseableIterable<Record> rows = IcebergGenerics.read(flows).select("handshake_rtt_us", "close_reason").build()) {
        for (Record r : rows) {
          connections++;
          Long rtt = (Long) r.getField("handshake_rtt_us");
          if (rtt != null) {
            rtts.add(rtt);
          }
          closes.merge(String.valueOf(r.getField("close_reason")), 1L, Long::sum);
        }
      }
      long transactions = 0;
      List<Long> latencies = new ArrayList<>();
      Map<String, Long> classes = new TreeMap<>();
      Map<String, Long> protocols = new TreeMap<>();
      try (CloseableIterable<Record> rows =
          IcebergGenerics.read(tx).select("protocol", "status", "error", "latency_us").build()) {
        for (Record r : rows) {
          transactions++;
          String protocol = String.valueOf(r.getField("protocol"));
          protocols.merge(protocol, 1L, Long::sum);
          Integer status = (Integer) r.getField("status");
          if (protocol.startsWith("http")) {
            classes.merge(status == null ? "no response" : (status / 100) + "xx", 1L, Long::sum);
          } else if (r.getField("error") != null) {
            classes.merge(protocol + " errors", 1L, Long::sum);
          }
          Long lat = (Long) r.getField("latency_us");
          if (lat != null) {
            latencies.add(lat);
          }
        }
      }
      out.println();
      out.println("wirelake tables (catalog wirelake, namespace net)");
      out.printf("  connections   %,d   closed by %s%n", connections, closes);
      out.printf("  handshake RTT %s%n", Percentiles.describe(rtts));
      out.printf("  transactions  %,d   %s%n", transactions, protocols);
      out.printf("  outcomes      %s%n", classes);
      out.printf("  latency       %s%n", Percentiles.describe(latencies));
    } finally {
      if (c instanceof Closeable closeable) {
        closeable.close();
      }
    }
  }
}
