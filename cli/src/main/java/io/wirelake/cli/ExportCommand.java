package io.wirelake.cli;

import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.evidence.EvidenceExport;
import io.wirelake.lakehouse.evidence.EvidenceQuery;
import io.wirelake.lakehouse.evidence.ExportResult;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.query.TimeWindowParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wirelake export}: the compliance evidence folder of SPEC section 4 for a window and filters. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export compliance evidence (capture.pcapng, calls.jsonl, manifest.json) for a window and filters.")
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "./data", paramLabel = "DIR", description = "Data folder (default: ${DEFAULT-VALUE}).")
  Path data;

  @Mixin CatalogOption catalogOption;

  @Option(names = "--from", required = true, paramLabel = "T", description = "Start of the window (ISO-8601, date, now-1h, ...).")
  String from;

  @Option(names = "--to", required = true, paramLabel = "T", description = "End of the window (exclusive).")
  String to;

  @Option(names = "--node", description = "Only frames captured on this node.") String node;
  @Option(names = "--namespace", description = "Only flows with a client or server in this namespace.") String namespace;
  @Option(names = "--workload", description = "Only flows with a client or server of this workload.") String workload;
  @Option(names = "--service", description = "Only flows to this service (name, or ip:port).") String service;
  @Option(names = "--pod", description = "Only flows with a client or server in this pod.") String pod;
  @Option(names = "--ip", description = "Only frames from or to this IP address.") String ip;
  @Option(names = "--port", description = "Only frames from or to this port.") Integer port;
  @Option(names = "--protocol", description = "Only flows of this application protocol (http/1.1, ...).") String protocol;

  @Option(names = "--call-id", paramLabel = "ID", description = "Only the flows of these calls (repeatable).")
  List<String> callIds;

  @Option(names = "--snapshot", paramLabel = "NAME", description = "Read the named snapshot instead of the latest state.")
  String snapshot;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "New (or empty) folder to write.")
  Path out;

  @Option(names = "--requester", paramLabel = "WHO", description = "Who asks, for the manifest (default: the OS user).")
  String requester;

  @Option(names = "--exported-at", paramLabel = "T",
      description = "Export time for the manifest (default: now); pass it to reproduce a manifest byte for byte.")
  String exportedAt;

  @Override
  public Integer call() throws Exception {
    if (catalogOption.properties.isEmpty() && !Files.isDirectory(data.resolve("catalog"))) {
      throw new IllegalArgumentException("no wirelake tables under " + data
          + "; run ./wirelake demo or ./wirelake ingest first, or pass --data");
    }
    TimeWindowParser parser = new TimeWindowParser(Clock.systemUTC());
    TimeWindow window = parser.parse(from, to, ZoneOffset.UTC);
    Instant at = exportedAt == null ? Instant.now() : parser.parseInstant(exportedAt, "exported-at", ZoneOffset.UTC);
    EvidenceQuery query = new EvidenceQuery(window, node, namespace, workload, service, pod, ip, port, protocol,
        callIds, snapshot);
    String who = requester != null ? requester : System.getProperty("user.name");
    Catalog catalog = CatalogFactory.open(catalogOption.settings(data));
    try {
      ExportResult result = new EvidenceExport(catalog).export(query, out.toAbsolutePath(), who, at);
      System.out.println("exported " + result.packets() + " packets and " + result.calls() + " calls to "
          + result.directory());
    } finally {
      if (catalog instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
    return 0;
  }
}
