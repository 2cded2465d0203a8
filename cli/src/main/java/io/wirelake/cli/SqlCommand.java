package io.wirelake.cli;

import io.wirelake.lakehouse.sql.QueryResult;
import io.wirelake.lakehouse.sql.ReadOnlySql;
import io.wirelake.lakehouse.sql.ResultFormat;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wirelake sql "SELECT ..."}: read-only SQL over the Iceberg tables (catalog wirelake, namespace net). */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run a read-only SQL query (Flink SQL, batch) over catalog wirelake, namespace net.")
final class SqlCommand implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "./data", paramLabel = "DIR", description = "Data folder (default: ${DEFAULT-VALUE}).")
  java.nio.file.Path data;

  @Mixin CatalogOption catalogOption;

  @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--max-rows", defaultValue = "100000", description = "Stop after this many rows (default: ${DEFAULT-VALUE}).")
  long maxRows;

  @Parameters(index = "0", paramLabel = "QUERY", description = "A SELECT (or WITH ... SELECT) query.")
  String query;

  @Override
  public Integer call() throws Exception {
    ResultFormat f = ResultFormat.parse(format);
    if (catalogOption.properties.isEmpty() && !Files.isDirectory(data.resolve("catalog"))) {
      throw new IllegalArgumentException("no wirelake tables under " + data
          + "; run ./wirelake demo or ./wirelake ingest first, or pass --data");
    }
    try (ReadOnlySql sql = ReadOnlySql.open(catalogOption.settings(data))) {
      QueryResult result = sql.query(query, maxRows);
      System.out.print(f.format(result));
      if (result.truncated()) {
        System.err.println("(stopped after " + maxRows + " rows; raise --max-rows for more)");
      }
    }
    return 0;
  }
}
