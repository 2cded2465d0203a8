package io.wirelake.lakehouse.table;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * The wirelake tables (SPEC section 3): one place that defines, for every table in namespace
 * {@code net}, its Iceberg schema, partition spec, sort order and table properties.
 *
 * <p>Field ids are written out and equal the ids Iceberg assigns when it creates the table
 * (top-level fields first, then nested ones in order), so {@link #schema(TableIdentifier)} can be
 * used by writers and readers before or without loading the table.
 */
public final class WirelakeTables {

  /** The namespace every wirelake table lives in. */
  public static final Namespace NAMESPACE = Namespace.of("net");

  public static final TableIdentifier SEGMENTS = TableIdentifier.of(NAMESPACE, "segments");
  public static final TableIdentifier L4_FLOWS = TableIdentifier.of(NAMESPACE, "l4_flows");
  public static final TableIdentifier L7_TRANSACTIONS =
      TableIdentifier.of(NAMESPACE, "l7_transactions");
  public static final TableIdentifier L7_LATENCY_1M =
      TableIdentifier.of(NAMESPACE, "l7_latency_1m");
  public static final TableIdentifier L7_LATENCY_1H = TableIdentifier.of(NAMESPACE, "l7_latency_1h");
  public static final TableIdentifier L7_LATENCY_1D = TableIdentifier.of(NAMESPACE, "l7_latency_1d");
  public static final TableIdentifier L4_HANDSHAKE_1H = TableIdentifier.of(NAMESPACE, "l4_handshake_1h");
  public static final TableIdentifier L4_HANDSHAKE_1D = TableIdentifier.of(NAMESPACE, "l4_handshake_1d");
  public static final TableIdentifier L4_HANDSHAKE_1M =
      TableIdentifier.of(NAMESPACE, "l4_handshake_1m");
  public static final TableIdentifier WORKLOADS = TableIdentifier.of(NAMESPACE, "workloads");
  /** Every MCP tool call: who asked what, and what it returned. Append-only. */
  public static final TableIdentifier AUDIT_LOG = TableIdentifier.of(NAMESPACE, "audit_log");

  /** Target data file size: 128 MiB, large enough for scans, small enough for a laptop. */
  static final long TARGET_FILE_SIZE_BYTES = 128L * 1024 * 1024;

  private static final Type TS = Types.TimestampType.withZone();
  private static final Type STRING = Types.StringType.get();
  private static final Type LONG = Types.LongType.get();
  private static final Type INT = Types.IntegerType.get();
  private static final Type BOOL = Types.BooleanType.get();
  private static final Type BINARY = Types.BinaryType.get();

  private static final Map<TableIdentifier, TableDefinition> DEFINITIONS = definitions();

  private WirelakeTables() {}

  /**
   * Aggregate queries read a few windows out of a day's or a month's file: row groups of about 1 MiB let the
   * reader skip the rest by their window_start statistics (measured: comparisons 2-3x faster).
   */
  private static void smallRowGroups(Map<String, String> props) {
    props.put(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, String.valueOf(1024 * 1024));
  }

  /** Every wirelake table, in a stable order. */
  public static List<TableIdentifier> all() {
    return List.copyOf(DEFINITIONS.keySet());
  }
  /**
   * The tables the pipeline writes from the event log (everything but the audit log): what a replay may roll
   * back and rebuild.
   */
  public static List<TableIdentifier> fromEventLog() {
    return all().stream().filter(id -> !id.equals(AUDIT_LOG)).toList();
  }


  public static Schema segmentsSchema() {
    return schema(SEGMENTS);
  }

  public static Schema l4FlowsSchema() {
    return schema(L4_FLOWS);
  }

  public static Schema l7TransactionsSchema() {
    return schema(L7_TRANSACTIONS);
  }

  public static Schema l7Latency1mSchema() {
    return schema(L7_LATENCY_1M);
  }

  public static Schema l4Handshake1mSchema() {
    return schema(L4_HANDSHAKE_1M);
  }

  public static Schema workloadsSchema() {
    return schema(WORKLOADS);
  }

  /** The schema of a wirelake table. */
  public static Schema schema(TableIdentifier table) {
    return definition(table).schema();
  }

  /** The partition spec of a wirelake table (hourly for event tables, daily otherwise). */
  public static PartitionSpec spec(TableIdentifier table) {
    return definition(table).spec();
  }

  /** The sort order of a wirelake table (time first, so time-window scans prune files). */
  public static SortOrder sortOrder(TableIdentifier table) {
    return definition(table).sortOrder();
  }

  /** The properties a wirelake table is created with (format v2, Parquet with zstd, ...). */
  public static Map<String, String> properties(TableIdentifier table) {
    return definition(table).properties();
  }

  /**
   * Creates namespace {@code net} and every missing wirelake table. Idempotent, and safe when
   * several processes call it at once: a table someone else created first is left as it is.
   * An existing table only gains the columns a newer wirelake added at its end; nothing is removed.
   */
  public static void ensureTables(Catalog catalog) {
    if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(NAMESPACE)) {
      try {
        namespaces.createNamespace(NAMESPACE);
      } catch (RuntimeException raced) {
        // created concurrently (JdbcCatalog may report the race as a failed insert rather than
        // AlreadyExistsException): fine if it exists now
        if (!namespaces.namespaceExists(NAMESPACE)) {
          throw raced;
        }
      }
    }
    for (TableDefinition table : DEFINITIONS.values()) {
      if (catalog.tableExists(table.identifier())) {
        addMissingColumns(catalog.loadTable(table.identifier()), table.schema());
        continue;
      }
      try {
        catalog
            .buildTable(table.identifier(), table.schema())
            .withPartitionSpec(table.spec())
            .withSortOrder(table.sortOrder())
            .withProperties(table.properties())
            .create();
      } catch (RuntimeException raced) {
        // created concurrently: fine if it exists now
        if (!catalog.tableExists(table.identifier())) {
          throw raced;
        }
      }
    }
  }

  private static void addMissingColumns(org.apache.iceberg.Table table, Schema wanted) {
    boolean missing = wanted.columns().stream().anyMatch(c -> table.schema().findField(c.name()) == null);
    if (missing) {
      try {
        table.updateSchema().unionByNameWith(wanted).commit();
      } catch (RuntimeException raced) {
        // evolved concurrently: fine if the columns are there now
        table.refresh();
        if (wanted.columns().stream().anyMatch(c -> table.schema().findField(c.name()) == null)) {
          throw raced;
        }
      }
    }
  }

  private static TableDefinition definition(TableIdentifier table) {
    TableDefinition definition = DEFINITIONS.get(table);
    if (definition == null) {
      throw new IllegalArgumentException("not a wirelake table: " + table);
    }
    return definition;
  }

  private static Map<TableIdentifier, TableDefinition> definitions() {
    Map<TableIdentifier, TableDefinition> all = new LinkedHashMap<>();
    for (TableDefinition table :
        List.of(
            segments(),
            l4Flows(),
            l7Transactions(),
            l7Latency(L7_LATENCY_1M, "one-minute", false),
            l7Latency(L7_LATENCY_1H, "one-hour", false),
            l7Latency(L7_LATENCY_1D, "one-day", true),
            l4Handshake(L4_HANDSHAKE_1M, "one-minute", false),
            l4Handshake(L4_HANDSHAKE_1H, "one-hour", false),
            l4Handshake(L4_HANDSHAKE_1D, "one-day", true),
            workloads(),
            auditLog())) {
      all.put(table.identifier(), table);
    }
    return Collections.unmodifiableMap(all);
  }

  private static TableDefinition segments() {
    Schema schema =
        new Schema(
            required(1, "ts", TS, "capture time of the frame"),
            required(2, "node", STRING, "Kubernetes node (or host) that captured the frame"),
            optional(3, "iface", STRING, "capture interface, e.g. eth0; null for files without one"),
            required(4, "link_type", INT, "libpcap link-layer type of frame (1 = Ethernet)"),
            required(5, "flow_id", STRING, "canonical flow key, the same for both directions"),
            optional(6, "ip_version", INT, "4 or 6"),
            optional(7, "src_ip", STRING, "source IP address"),
            optional(8, "dst_ip", STRING, "destination IP address"),
            optional(9, "src_port", INT, "source TCP/UDP port"),
            optional(10, "dst_port", INT, "destination TCP/UDP port"),
            optional(11, "l4_protocol", INT, "IP protocol number (6 = TCP, 17 = UDP)"),
            optional(12, "tcp_flags", INT, "TCP flag bits (FIN=1, SYN=2, RST=4, PSH=8, ACK=16)"),
            optional(13, "seq", LONG, "TCP sequence number"),
            optional(14, "ack", LONG, "TCP acknowledgement number"),
            required(15, "frame", BINARY, "the captured frame bytes, from the link layer"),
            required(16, "orig_len", INT, "original length of the frame on the wire"));
    Map<String, String> props = commonProperties();
    noMetrics(props, "frame");
    props.put(TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX + "flow_id", "true");
    return new TableDefinition(
        SEGMENTS,
        schema,
        PartitionSpec.builderFor(schema).hour("ts").build(),
        SortOrder.builderFor(schema).asc("flow_id").asc("ts").build(),
        props);
  }

  private static TableDefinition l4Flows() {
    List<NestedField> fields = new ArrayList<>();
    fields.add(required(1, "flow_id", STRING, "canonical flow key, as in segments.flow_id"));
    fields.add(required(2, "node", STRING, "node that captured the flow"));
    fields.add(required(3, "client_ip", STRING, "IP address of the side that opened the flow"));
    fields.add(required(4, "client_port", INT, "client port"));
    fields.add(required(5, "server_ip", STRING, "IP address of the side that accepted the flow"));
    fields.add(required(6, "server_port", INT, "server port"));
    fields.addAll(workloadColumns("client", 7));
    fields.addAll(workloadColumns("server", 13));
    fields.add(required(19, "start_ts", TS, "time of the first segment"));
    fields.add(optional(20, "end_ts", TS, "time of the last segment seen so far"));
    fields.add(optional(21, "syn_to_synack_us", LONG, "SYN to SYN-ACK, microseconds"));
    fields.add(
        optional(
            22,
            "handshake_rtt_us",
            LONG,
            "SYN to the ACK completing the handshake, microseconds (Wireshark tcp.analysis.initial_rtt)"));
    fields.add(required(23, "bytes_c2s", LONG, "TCP payload bytes client to server"));
    fields.add(required(24, "bytes_s2c", LONG, "TCP payload bytes server to client"));
    fields.add(required(25, "packets_c2s", LONG, "segments client to server"));
    fields.add(required(26, "packets_s2c", LONG, "segments server to client"));
    fields.add(required(27, "retransmissions", INT, "retransmitted segments, both directions"));
    fields.add(required(28, "out_of_order", INT, "out-of-order segments, both directions"));
    fields.add(required(29, "close_reason", STRING, "fin, rst, timeout or open"));
    fields.add(optional(30, "l7_protocol", STRING, "detected application protocol, if any"));
    Schema schema = new Schema(fields);
    return new TableDefinition(
        L4_FLOWS,
        schema,
        PartitionSpec.builderFor(schema).hour("start_ts").build(),
        SortOrder.builderFor(schema).asc("start_ts").build(),
        commonProperties());
  }

  private static TableDefinition l7Transactions() {
    List<NestedField> fields = new ArrayList<>();
    fields.add(required(1, "id", STRING, "transaction id, unique and stable across replays"));
    fields.add(required(2, "flow_id", STRING, "the L4 flow carrying it, as in l4_flows.flow_id"));
    fields.add(required(3, "node", STRING, "node that captured it"));
    fields.add(
        required(4, "protocol", STRING, "http/1.1, http/2, grpc, redis, postgres, dns, ..."));
    fields.add(required(5, "client_ip", STRING, "client IP address"));
    fields.add(required(6, "client_port", INT, "client port"));
    fields.add(required(7, "server_ip", STRING, "server IP address"));
    fields.add(required(8, "server_port", INT, "server port"));
    fields.addAll(workloadColumns("client", 9));
    fields.addAll(workloadColumns("server", 15));
    fields.add(required(21, "request_ts", TS, "time of the segment completing the request"));
    fields.add(optional(22, "response_ts", TS, "time of the segment completing the response"));
    fields.add(
        optional(
            23,
            "latency_us",
            LONG,
            "request complete to response complete, microseconds (Wireshark http.time)"));
    fields.add(optional(24, "ttfb_us", LONG, "request complete to first response byte, microseconds"));
    fields.add(optional(25, "method", STRING, "request method or command"));
    fields.add(optional(26, "host", STRING, "request host or authority"));
    fields.add(optional(27, "path", STRING, "request path as sent"));
    fields.add(optional(28, "route", STRING, "path with ids templated"));
    fields.add(optional(29, "status", INT, "response status code"));
    fields.add(optional(30, "request_bytes", LONG, "request body size in bytes"));
    fields.add(optional(31, "response_bytes", LONG, "response body size in bytes"));
    fields.add(
        optional(
            32,
            "request_headers",
            Types.MapType.ofOptional(38, 39, STRING, STRING),
            "request headers, secrets masked"));
    fields.add(
        optional(
            33,
            "response_headers",
            Types.MapType.ofOptional(40, 41, STRING, STRING),
            "response headers, secrets masked"));
    fields.add(optional(34, "request_body", BINARY, "request body, capped"));
    fields.add(optional(35, "response_body", BINARY, "response body, capped"));
    fields.add(
        required(36, "has_authorization", BOOL, "whether the request carried credentials"));
    fields.add(optional(37, "error", STRING, "why the transaction is incomplete, if it is"));
    Schema schema = new Schema(fields);
    Map<String, String> props = commonProperties();
    noMetrics(props, "request_body", "response_body");
    props.put(TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX + "id", "true");
    return new TableDefinition(
        L7_TRANSACTIONS,
        schema,
        PartitionSpec.builderFor(schema).hour("request_ts").build(),
        SortOrder.builderFor(schema).asc("request_ts").build(),
        props);
  }

  /**
   * Latency aggregates per window and group. The minute, hour and day tables share one schema; readers pick
   * the coarsest that tiles their window and merge the sketches. {@code client_ip}, {@code server_ip} and
   * {@code server_port} are grouping columns only where the workload is unknown, so that known workloads
   * aggregate across their pods' addresses.
   */
  private static TableDefinition l7Latency(TableIdentifier id, String window, boolean monthly) {
    Schema schema =
        new Schema(
            required(1, "window_start", TS, "start of the " + window + " window"),
            required(2, "protocol", STRING, "application protocol"),
            optional(3, "client_workload", STRING, "client workload"),
            optional(4, "client_namespace", STRING, "client namespace"),
            optional(5, "server_service", STRING, "server service"),
            optional(6, "server_namespace", STRING, "server namespace"),
            optional(7, "method", STRING, "request method"),
            optional(8, "route", STRING, "templated route"),
            optional(9, "status_class", STRING, "status class: 1xx..5xx, or error / none"),
            required(10, "requests", LONG, "transactions in the group"),
            required(11, "errors", LONG, "failed transactions in the group"),
            optional(12, "p50_us", LONG, "median latency, microseconds, from the sketch"),
            optional(13, "p90_us", LONG, "90th percentile latency, microseconds, from the sketch"),
            optional(14, "p99_us", LONG, "99th percentile latency, microseconds, from the sketch"),
            optional(15, "max_us", LONG, "maximum latency, microseconds, exact"),
            optional(16, "latency_sketch", BINARY, "mergeable latency sketch (1% relative error)"),
            optional(17, "client_ip", STRING, "client address, where the client workload is unknown"),
            optional(18, "server_ip", STRING, "server address, where the server service is unknown"),
            optional(19, "server_port", INT, "server port, where the server service is unknown"),
            optional(20, "latency_sum_us", LONG, "sum of latencies, microseconds, for means"));
    Map<String, String> props = commonProperties();
    noMetrics(props, "latency_sketch");
    smallRowGroups(props);
    return new TableDefinition(
        id,
        schema,
        monthly
            ? PartitionSpec.builderFor(schema).month("window_start").build()
            : PartitionSpec.builderFor(schema).day("window_start").build(),
        SortOrder.builderFor(schema).asc("window_start").build(),
        props);
  }

  /** Handshake aggregates per window and group; minute, hour and day tables as for latency. */
  private static TableDefinition l4Handshake(TableIdentifier id, String window, boolean monthly) {
    Schema schema =
        new Schema(
            required(1, "window_start", TS, "start of the " + window + " window"),
            optional(2, "client_workload", STRING, "client workload"),
            optional(3, "client_namespace", STRING, "client namespace"),
            optional(4, "server_service", STRING, "server service"),
            optional(5, "server_namespace", STRING, "server namespace"),
            required(6, "server_port", INT, "server port"),
            required(7, "node", STRING, "node that captured the flows"),
            required(8, "flows", LONG, "flows started in the window"),
            required(9, "resets", LONG, "flows closed by a reset"),
            optional(10, "tcp_handshake_p50_us", LONG, "median handshake RTT, microseconds"),
            optional(11, "tcp_handshake_p90_us", LONG, "90th percentile handshake RTT, microseconds"),
            optional(12, "tcp_handshake_p99_us", LONG, "99th percentile handshake RTT, microseconds"),
            optional(13, "handshake_sketch", BINARY, "mergeable handshake RTT sketch"),
            optional(14, "client_ip", STRING, "client address, where the client workload is unknown"),
            optional(15, "server_ip", STRING, "server address, where the server service is unknown"));
    Map<String, String> props = commonProperties();
    noMetrics(props, "handshake_sketch");
    smallRowGroups(props);
    return new TableDefinition(
        id,
        schema,
        monthly
            ? PartitionSpec.builderFor(schema).month("window_start").build()
            : PartitionSpec.builderFor(schema).day("window_start").build(),
        SortOrder.builderFor(schema).asc("window_start").build(),
        props);
  }

  private static TableDefinition workloads() {
    Schema schema =
        new Schema(
            required(1, "ts", TS, "time of the change"),
            required(2, "kind", STRING, "pod, service, node or endpoints"),
            required(3, "action", STRING, "added, modified or deleted"),
            optional(4, "namespace", STRING, "namespace; null for cluster-scoped objects"),
            required(5, "name", STRING, "object name"),
            optional(6, "ips", Types.ListType.ofRequired(12, STRING), "IP addresses it holds"),
            optional(7, "node", STRING, "node it runs on"),
            optional(
                8, "labels", Types.MapType.ofOptional(13, 14, STRING, STRING), "object labels"),
            optional(9, "owner", STRING, "owning workload, e.g. Deployment/checkout"),
            optional(10, "cidrs", Types.ListType.ofRequired(15, STRING), "a node's pod CIDRs"),
            optional(11, "ports", Types.ListType.ofRequired(16, Types.IntegerType.get()),
                "a service's or EndpointSlice's ports"));
    return new TableDefinition(
        WORKLOADS,
        schema,
        PartitionSpec.builderFor(schema).day("ts").build(),
        SortOrder.builderFor(schema).asc("ts").build(),
        commonProperties());
  }

  private static TableDefinition auditLog() {
    Schema schema =
        new Schema(
            required(1, "ts", TS, "time the tool call was received"),
            required(2, "caller", STRING, "who called: a hash prefix of the bearer token, or stdio"),
            required(3, "tool", STRING, "the MCP tool called"),
            optional(4, "arguments", STRING, "the call's arguments as JSON"),
            required(5, "rows_returned", LONG, "rows in the answer (0 for errors)"),
            required(6, "is_error", BOOL, "whether the call ended in a tool error"),
            required(7, "duration_us", LONG, "time to answer, microseconds"));
    return new TableDefinition(
        AUDIT_LOG,
        schema,
        PartitionSpec.builderFor(schema).day("ts").build(),
        SortOrder.builderFor(schema).asc("ts").build(),
        commonProperties());
  }

  /** {@code <side>_namespace, _pod, _workload, _service, _node, _external}, ids from firstId. */
  private static List<NestedField> workloadColumns(String side, int firstId) {
    int id = firstId;
    return Arrays.asList(
        optional(id++, side + "_namespace", STRING, side + " namespace, null where unknown"),
        optional(id++, side + "_pod", STRING, side + " pod, null where unknown"),
        optional(id++, side + "_workload", STRING, side + " workload, null where unknown"),
        optional(id++, side + "_service", STRING, side + " service, null where unknown"),
        optional(id++, side + "_node", STRING, side + " node, null where unknown"),
        optional(id, side + "_external", BOOL, "true if the " + side + " is outside the cluster"));
  }

  private static Map<String, String> commonProperties() {
    Map<String, String> props = new HashMap<>();
    props.put(TableProperties.FORMAT_VERSION, "2");
    props.put(TableProperties.DEFAULT_FILE_FORMAT, "parquet");
    props.put(TableProperties.PARQUET_COMPRESSION, "zstd");
    props.put(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(TARGET_FILE_SIZE_BYTES));
    // streaming commits once per checkpoint: keep the metadata folder from growing forever
    props.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
    props.put(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "100");
    return props;
  }

  /** Large binary columns: min/max metrics of their first bytes are of no use to pruning. */
  private static void noMetrics(Map<String, String> props, String... columns) {
    for (String column : columns) {
      props.put(TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + column, "none");
    }
  }
}
