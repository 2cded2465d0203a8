package io.wirelake.lakehouse.catalog;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which Iceberg catalog wirelake uses: its name and its Iceberg catalog properties (always with
 * {@code catalog-impl}). Either the embedded default ({@link #embedded(Path)}: a JdbcCatalog on
 * SQLite under the data directory) or any catalog described by properties ({@link
 * #fromProperties(Map)}) for clusters. Open it with {@link CatalogFactory}.
 *
 * @param name the Iceberg catalog name, which is also the Flink catalog name
 * @param properties Iceberg catalog properties, including {@code catalog-impl}
 */
public record CatalogSettings(String name, Map<String, String> properties)
    implements Serializable {

  /** The catalog name of SPEC section 3. */
  public static final String DEFAULT_NAME = "wirelake";

  static final String CATALOG_IMPL = "catalog-impl";
  static final String JDBC_CATALOG = "org.apache.iceberg.jdbc.JdbcCatalog";
  static final String SQLITE_FILE_PREFIX = "jdbc:sqlite:file:";

  /**
   * SQLite connection settings for a writer process committing while reader processes query:
   * write-ahead logging lets readers read during a commit, and a busy timeout makes a second
   * writer wait for the lock instead of failing with SQLITE_BUSY.
   */
  static final String SQLITE_PARAMETERS = "journal_mode=WAL&busy_timeout=30000";

  private static final Map<String, String> TYPE_TO_IMPL =
      Map.of(
          "rest", "org.apache.iceberg.rest.RESTCatalog",
          "hadoop", "org.apache.iceberg.hadoop.HadoopCatalog",
          "jdbc", JDBC_CATALOG,
          "hive", "org.apache.iceberg.hive.HiveCatalog",
          "glue", "org.apache.iceberg.aws.glue.GlueCatalog",
          "nessie", "org.apache.iceberg.nessie.NessieCatalog");

  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(password|secret|token|credential|access-key|session|signature).*");

  public CatalogSettings {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("catalog name must not be empty");
    }
    if (properties == null || !properties.containsKey(CATALOG_IMPL)) {
      throw new IllegalArgumentException("catalog properties must contain " + CATALOG_IMPL);
    }
    properties = Map.copyOf(properties);
  }

  /**
   * The embedded default: catalog {@code wirelake}, a JdbcCatalog on SQLite at {@code
   * <dataDir>/catalog/catalog.db} with warehouse {@code <dataDir>/warehouse}.
   */
  public static CatalogSettings embedded(Path dataDir) {
    Path data = dataDir.toAbsolutePath().normalize();
    Map<String, String> props = new HashMap<>();
    props.put(CATALOG_IMPL, JDBC_CATALOG);
    props.put(
        "uri",
        SQLITE_FILE_PREFIX + data.resolve("catalog").resolve("catalog.db") + "?" + SQLITE_PARAMETERS);
    props.put("jdbc.schema-version", "V1");
    props.put("warehouse", "file://" + data.resolve("warehouse"));
    return new CatalogSettings(DEFAULT_NAME, props);
  }

  /**
   * A catalog described by properties, as Iceberg names them: {@code type} ({@code rest}, {@code
   * hadoop}, {@code jdbc}, {@code hive}, ...) or {@code catalog-impl}, plus {@code uri}, {@code
   * warehouse}, {@code io-impl}, credentials and so on, all passed to the catalog as they are.
   * {@code name} overrides the catalog name (default {@code wirelake}). A JDBC catalog on SQLite
   * gets {@code jdbc.schema-version=V1} unless set.
   */
  public static CatalogSettings fromProperties(Map<String, String> properties) {
    Map<String, String> props = new HashMap<>(properties);
    String name = props.remove("name");
    String type = props.remove("type");
    String flinkType = props.remove("catalog-type");
    if (type == null) {
      type = flinkType;
    }
    String impl = props.get(CATALOG_IMPL);
    if (impl == null) {
      if (type == null) {
        throw new IllegalArgumentException(
            "catalog properties need 'type' (rest, hadoop, jdbc, hive) or 'catalog-impl'");
      }
      impl = TYPE_TO_IMPL.get(type.toLowerCase(Locale.ROOT));
      if (impl == null) {
        throw new IllegalArgumentException(
            "unknown catalog type '" + type + "': use one of " + new TreeMap<>(TYPE_TO_IMPL).keySet()
                + " or set 'catalog-impl'");
      }
      props.put(CATALOG_IMPL, impl);
    } else if (type != null) {
      throw new IllegalArgumentException("set either 'type' or 'catalog-impl', not both");
    }
    if (JDBC_CATALOG.equals(impl) && props.getOrDefault("uri", "").startsWith("jdbc:sqlite:")) {
      props.putIfAbsent("jdbc.schema-version", "V1");
    }
    return new CatalogSettings(name == null || name.isBlank() ? DEFAULT_NAME : name, props);
  }

  /** The Iceberg {@code Catalog} implementation class. */
  public String catalogImpl() {
    return properties.get(CATALOG_IMPL);
  }

  /** The SQLite database file if this is a JdbcCatalog on a SQLite file, else null. */
  Path sqliteFile() {
    String uri = properties.get("uri");
    if (!JDBC_CATALOG.equals(catalogImpl()) || uri == null || !uri.startsWith(SQLITE_FILE_PREFIX)) {
      return null;
    }
    String path = uri.substring(SQLITE_FILE_PREFIX.length());
    int query = path.indexOf('?');
    return Path.of(query < 0 ? path : path.substring(0, query));
  }

  /** Like the record's, with secrets masked so that settings can be logged. */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    properties.forEach(
        (key, value) -> shown.put(key, SECRET_KEY.matcher(key).matches() ? "****" : value));
    return "CatalogSettings[name=" + name + ", properties=" + shown + "]";
  }
}
