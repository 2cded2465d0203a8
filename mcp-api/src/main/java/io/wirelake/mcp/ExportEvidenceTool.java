package io.wirelake.mcp;

import io.wirelake.lakehouse.evidence.EvidenceExport;
import io.wirelake.lakehouse.evidence.EvidenceQuery;
import io.wirelake.lakehouse.evidence.ExportResult;
import io.wirelake.lakehouse.query.InvalidArgumentException;
import io.wirelake.lakehouse.query.TimeWindow;
import io.wirelake.lakehouse.query.TimeWindowParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.Catalog;

/** {@code export_evidence}: the compliance evidence folder of SPEC section 4, under the server's export root. */
final class ExportEvidenceTool implements WirelakeTool {
  private static final Pattern FOLDER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final Catalog catalog;
  private final TimeWindowParser parser;
  private final Clock clock;
  private final Path root;

  ExportEvidenceTool(Catalog catalog, TimeWindowParser parser, Clock clock, Path root) {
    this.catalog = catalog;
    this.parser = parser;
    this.clock = clock;
    this.root = root;
  }

  /**
   * The export root: system property {@code wirelake.export-root}, else {@code WIRELAKE_EXPORT_ROOT},
   * else {@code exports/} next to a file warehouse, else {@code ./exports}.
   */
  static Path root(Map<String, String> catalogProperties) {
    String configured = System.getProperty("wirelake.export-root", System.getenv("WIRELAKE_EXPORT_ROOT"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    String warehouse = catalogProperties.get("warehouse");
    if (warehouse != null && warehouse.startsWith("file:")) {
      Path w = Path.of(java.net.URI.create(warehouse.startsWith("file://") ? warehouse : "file://" + warehouse.substring(5)));
      return w.getParent().resolve("exports");
    }
    return Path.of("exports").toAbsolutePath().normalize();
  }

  @Override
  public String name() {
    return "export_evidence";
  }

  @Override
  public String description() {
    return "Export compliance evidence for a window and filters: a folder with capture.pcapng (the original frames"
        + " of the selected flows, opens in Wireshark), calls.jsonl (the matching API calls) and manifest.json (query,"
        + " counts, Iceberg snapshot ids, SHA-256 of every file). Name a snapshot (create_snapshot) to export a pinned"
        + " state. The same query over the same snapshots gives byte-identical files. Returns the folder and the manifest.";
  }

  @Override
  public InputSchema schema() {
    return CommonArguments.window(new InputSchema())
        .string("namespace", "Only flows where the client or the server is in this namespace.")
        .string("workload", "Only flows where the client or the server belongs to this workload.")
        .string("service", "Only flows to this service: a name, or ip:port (e.g. 10.0.1.5:8080).")
        .string("pod", "Only flows where the client or the server is this pod.")
        .string("ip", "Only frames from or to this IP address.")
        .integer("port", "Only frames from or to this port.", 0, 65535, null)
        .string("node", "Only frames captured on this node.")
        .string("protocol", "Only flows of this application protocol (http/1.1, ...).")
        .anyType("call_ids", "Only the flows of these calls: an array of call ids (or one id).", List.of("array", "string"))
        .string("snapshot", "Read this named snapshot (see list_snapshots) instead of the latest state.")
        .string("out", "Name of a new folder under the server's export root (letters, digits, '.', '_', '-').")
        .string("requester", "Who asks, recorded in the manifest (default: mcp).")
        .required("from", "to", "out");
  }

  @Override
  public ToolOutput call(Arguments args) {
    args.requiredString("from");
    args.requiredString("to");
    TimeWindow window = CommonArguments.window(args, parser);
    String out = args.requiredString("out");
    if (!FOLDER.matcher(out).matches() || out.contains("..")) {
      throw new InvalidArgumentException("out", "must be a plain folder name (letters, digits, '.', '_', '-'), was '" + out + "'");
    }
    EvidenceQuery query = new EvidenceQuery(window, args.string("node"), args.string("namespace"),
        args.string("workload"), args.string("service"), args.string("pod"), args.string("ip"),
        args.integer("port", 0, 65535), args.string("protocol"), callIds(args.raw("call_ids")), args.string("snapshot"));
    String requester = args.string("requester") == null ? "mcp" : args.string("requester");
    ExportResult result;
    try {
      result = new EvidenceExport(catalog).export(query, root.resolve(out), requester, clock.instant());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export: " + e.getMessage(), e);
    }
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("path", result.directory().toString());
    content.put("manifest", result.manifest());
    return new ToolOutput("exported " + result.packets() + " packets and " + result.calls() + " calls to "
        + result.directory(), content);
  }

  static List<String> callIds(Object raw) {
    if (raw == null) {
      return List.of();
    }
    if (raw instanceof String id) {
      return id.isBlank() ? List.of() : List.of(id.trim());
    }
    if (raw instanceof List<?> list) {
      List<String> ids = new ArrayList<>();
      for (Object item : list) {
        if (!(item instanceof String id) || id.isBlank()) {
          throw new InvalidArgumentException("call_ids", "must be an array of call ids (strings), had " + Arguments.describe(item));
        }
        ids.add(id.trim());
      }
      return ids;
    }
    throw new InvalidArgumentException("call_ids", "must be an array of call ids, was " + Arguments.describe(raw));
  }
}
