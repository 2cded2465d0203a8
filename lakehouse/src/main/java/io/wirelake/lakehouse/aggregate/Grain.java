package io.wirelake.lakehouse.aggregate;

import io.wirelake.lakehouse.table.WirelakeTables;
import org.apache.iceberg.catalog.TableIdentifier;

/** The window sizes of the aggregate tables, coarsest first. */
enum Grain {
  DAY(86_400_000_000L, "1d"),
  HOUR(3_600_000_000L, "1h"),
  MINUTE(60_000_000L, "1m");

  final long micros;
  private final String suffix;

  Grain(long micros, String suffix) {
    this.micros = micros;
    this.suffix = suffix;
  }

  TableIdentifier latencyTable() {
    return TableIdentifier.of(WirelakeTables.NAMESPACE, "l7_latency_" + suffix);
  }

  TableIdentifier handshakeTable() {
    return TableIdentifier.of(WirelakeTables.NAMESPACE, "l4_handshake_" + suffix);
  }

  Grain coarser() {
    return ordinal() == 0 ? null : values()[ordinal() - 1];
  }
}
