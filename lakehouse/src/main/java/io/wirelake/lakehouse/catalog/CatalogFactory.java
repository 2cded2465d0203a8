package io.wirelake.lakehouse.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * Opens the catalog that {@link CatalogSettings} describe, for the three kinds of caller: Iceberg
 * API code ({@link #open}), Flink DataStream jobs that need a serializable loader ({@link
 * #catalogLoader}) and Flink SQL ({@link #flinkCatalogOptions}, {@link #createCatalogStatement}).
 */
public final class CatalogFactory {

  /** The Flink database a wirelake SQL session starts in. */
  static final String DEFAULT_DATABASE = "net";

  private CatalogFactory() {}

  /** Opens an Iceberg catalog. The caller closes it if it is {@link java.io.Closeable}. */
  public static Catalog open(CatalogSettings settings) {
    prepareLocalStorage(settings);
    Path sqlite = settings.sqliteFile();
    if (sqlite == null) {
      return load(settings);
    }
    return SqliteInitLock.holding(sqlite, () -> load(settings));
  }

  /**
   * A serializable loader for the same catalog, for {@code TableLoader.fromCatalog(loader, id)}
   * in Flink jobs.
   */
  public static CatalogLoader catalogLoader(CatalogSettings settings) {
    return new WirelakeCatalogLoader(settings);
  }

  /**
   * The options of {@code CREATE CATALOG <name> WITH (...)} for Flink SQL: {@code type=iceberg},
   * the Iceberg catalog properties, and {@code default-database=net}. Register the catalog under
   * {@link CatalogSettings#name()}: Flink and Iceberg catalog names must match. For the embedded
   * SQLite catalog, {@link #open} it once first: Flink's loader does not take the lock that keeps
   * two first-time initializations of the catalog database apart.
   */
  public static Map<String, String> flinkCatalogOptions(CatalogSettings settings) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("type", "iceberg");
    options.putAll(new TreeMap<>(settings.properties()));
    options.put("default-database", DEFAULT_DATABASE);
    return options;
  }

  /** The whole {@code CREATE CATALOG} statement, values quoted for Flink SQL. */
  public static String createCatalogStatement(CatalogSettings settings) {
    StringBuilder sql =
        new StringBuilder("CREATE CATALOG `")
            .append(settings.name().replace("`", "``"))
            .append("` WITH (");
    String separator = "";
    for (Map.Entry<String, String> option : flinkCatalogOptions(settings).entrySet()) {
      sql.append(separator)
          .append(quote(option.getKey()))
          .append('=')
          .append(quote(option.getValue()));
      separator = ", ";
    }
    return sql.append(')').toString();
  }

  private static Catalog load(CatalogSettings settings) {
    return CatalogUtil.loadCatalog(
        settings.catalogImpl(), settings.name(), settings.properties(), new Configuration());
  }

  /** SQLite creates the database file but not its folder. */
  static void prepareLocalStorage(CatalogSettings settings) {
    Path sqlite = settings.sqliteFile();
    if (sqlite != null && sqlite.getParent() != null) {
      try {
        Files.createDirectories(sqlite.getParent());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the catalog folder " + sqlite.getParent(), e);
      }
    }
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
