package io.wirelake.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.query.TimeWindowParser;
import io.wirelake.lakehouse.aggregate.AggregateQuery;
import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.query.TrafficQueries;
import io.wirelake.lakehouse.security.InternalNetworks;
import io.wirelake.lakehouse.security.SecurityFindings;
import io.wirelake.lakehouse.workload.WorkloadQueries;
import org.apache.iceberg.catalog.Catalog;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * wirelake's Model Context Protocol server: the tools of SPEC section 5 that raw
 * {@code l7_transactions} and {@code l4_flows} rows can answer, and the prompt templates, over
 * stdio or Streamable HTTP (stateful or stateless). One instance holds one catalog connection and
 * one lazily started SQL session, shared by every transport it serves.
 */
public final class WirelakeMcpServer implements AutoCloseable {

  /** The HTTP path of the MCP endpoint. */
  public static final String ENDPOINT = "/mcp";

  static final String VERSION = "0.1.0";

  static final String INSTRUCTIONS =
      "wirelake answers questions about Kubernetes network traffic captured into Iceberg tables."
          + " Start with get_data_boundaries to learn which time range has data, then"
          + " get_api_stats / service_map / get_l4_flow_summary for overviews and list_api_calls,"
          + " get_api_call and trace_request for individual calls; list_workloads and list_ips say which"
          + " pod, workload and service an address was at a time. Every tool takes a window"
          + " (from, to: ISO-8601, dates, now-1h, 'last 24h', ...). Latencies are microseconds;"
          + " times are ISO-8601 UTC.";

  private final TrafficQueries queries;
  private final Catalog aggregateCatalog;
  private final AggregateQuery aggregates;
  private final SqlSession sql;
  private final List<WirelakeTool> tools;
  private final List<Prompts.Template> prompts = Prompts.all();
  private final McpJsonMapper json = McpJsonDefaults.getMapper();
  private final AuditLog audit;
  private final ToolCalls calls;
  private volatile List<WirelakeTool> controlTools = List.of();

  /**
   * A server over the tables of the catalog the settings describe.
   *
   * @param clock what "now" is for relative windows ({@code now-1h}, {@code today})
   */
  public WirelakeMcpServer(CatalogSettings settings, Clock clock) {
    this.queries = TrafficQueries.open(settings);
    this.aggregateCatalog = CatalogFactory.open(settings);
    this.aggregates = new AggregateQuery(aggregateCatalog);
    this.sql = new SqlSession(settings);
    this.audit = new AuditLog(aggregateCatalog);
    this.calls = new ToolCalls(json, audit);
    TimeWindowParser parser = new TimeWindowParser(clock);
    // net.workloads keeps no node pod CIDRs: the private ranges count as the cluster, as for find_security_issues
    WorkloadQueries workloads = new WorkloadQueries(aggregateCatalog, InternalNetworks.DEFAULT_CIDRS);
    this.tools =
        List.of(
            new DataBoundariesTool(queries),
            new ListWorkloadsTool(workloads, parser),
            new ListIpsTool(workloads, parser),
            new ListApiCallsTool(queries, parser),
            new GetApiCallTool(queries),
            new ApiStatsTool(queries, () -> aggregates, parser),
            new ListL4FlowsTool(queries, parser),
            new L4FlowSummaryTool(queries, parser),
            new ServiceMapTool(queries, parser),
            new TraceRequestTool(queries),
            new CompareWindowsTool(() -> aggregates, parser),
            new BaselineTool(() -> aggregates, parser),
            new RunSqlTool(sql), new ExportEvidenceTool(aggregateCatalog, parser, clock, ExportEvidenceTool.root(settings.properties())), new CreateSnapshotTool(aggregateCatalog), new ListSnapshotsTool(aggregateCatalog),
            new SecurityIssuesTool(new SecurityFindings(queries, InternalNetworks.defaults()), parser));
  }

  /**
   * Serves the capture control tools ({@code check_capture_status}, {@code start_capture}, {@code stop_capture})
   * over {@code control} too: what {@code --allow-control} turns on. Call before serving.
   */
  public WirelakeMcpServer allowControl(CaptureControl control) {
    this.controlTools = CaptureControlTools.over(control);
    return this;
  }

  private List<WirelakeTool> served() {
    return java.util.stream.Stream.concat(tools.stream(), controlTools.stream()).toList();
  }

  /** Mean time the audit append added to a tool call so far, microseconds. */
  public long meanAuditMicros() {
    return audit.meanAppendMicros();
  }

  /** The names of the tools it serves. */
  public List<String> toolNames() {
    return served().stream().map(WirelakeTool::name).toList();
  }

  /**
   * Serves one client over this process's stdin and stdout until stdin ends. Everything else
   * that would print to stdout goes to stderr from now on, so stdout carries protocol messages only.
   */
  public void serveStdio() throws InterruptedException {
    PrintStream protocol = System.out;
    System.setOut(System.err);
    serveStdio(System.in, protocol);
  }

  /** Serves one client over the given streams until {@code in} ends. */
  public void serveStdio(InputStream in, OutputStream out) throws InterruptedException {
    CountDownLatch ended = new CountDownLatch(1);
    InputStream watched = new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        return ended(super.read());
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return ended(super.read(b, off, len));
      }

      private int ended(int n) {
        if (n < 0) {
          ended.countDown();
        }
        return n;
      }
    };
    StdioServerTransportProvider transport = new StdioServerTransportProvider(json, watched, out);
    McpSyncServer server = sessionServer(McpServer.sync(transport), AuditLog.STDIO);
    try {
      ended.await();
    } finally {
      server.closeGracefully();
    }
  }

  /** Starts serving Streamable HTTP; returns once it listens. */
  public HttpEndpoint serveHttp(HttpSettings settings) throws Exception {
    HttpServlet servlet;
    Runnable closeServer;
    if (settings.stateless()) {
      HttpServletStatelessServerTransport transport =
          HttpServletStatelessServerTransport.builder()
              .jsonMapper(json)
              .messageEndpoint(ENDPOINT)
              .maxRequestSize(settings.maxBodyBytes())
              .build();
      McpStatelessSyncServer server = statelessServer(transport, AuditLog.tokenCaller(settings.token()));
      servlet = transport;
      closeServer = server::closeGracefully;
    } else {
      HttpServletStreamableServerTransportProvider transport =
          HttpServletStreamableServerTransportProvider.builder()
              .jsonMapper(json)
              .mcpEndpoint(ENDPOINT)
              .maxRequestSize(settings.maxBodyBytes())
              .keepAliveInterval(Duration.ofSeconds(30))
              .build();
      McpSyncServer server = sessionServer(McpServer.sync(transport), AuditLog.tokenCaller(settings.token()));
      servlet = transport;
      closeServer = server::closeGracefully;
    }
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(settings.bind());
    connector.setPort(settings.port());
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder guard = new FilterHolder(new BearerTokenFilter(settings.token(), settings.maxBodyBytes()));
    guard.setAsyncSupported(true);
    context.addFilter(guard, "/*", EnumSet.of(DispatcherType.REQUEST));
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, ENDPOINT);
    jetty.setHandler(context);
    try {
      jetty.start();
    } catch (Exception e) {
      closeServer.run();
      jetty.stop();
      throw new IllegalStateException(
          "cannot listen on " + settings.bind() + ":" + settings.port() + ": " + e.getMessage(), e);
    }
    return new HttpEndpoint(jetty, closeServer, settings.bind());
  }

  /** Closes the catalog and the SQL session. Stop transports first. */
  @Override
  public void close() {
    try {
      sql.close();
    } finally {
      queries.close();
      if (aggregateCatalog instanceof java.io.Closeable c) {
        try {
          c.close();
        } catch (java.io.IOException ignored) {
          // closing a catalog connection at shutdown
        }
      }
    }
  }

  private McpSyncServer sessionServer(McpServer.SyncSpecification<?> spec, String caller) {
    spec.serverInfo("wirelake", VERSION)
        .instructions(INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).prompts(false).build())
        .validateToolInputs(false)
        .requestTimeout(Duration.ofMinutes(5));
    for (WirelakeTool tool : served()) {
      spec.tools(
          McpServerFeatures.SyncToolSpecification.builder()
              .tool(calls.definition(tool))
              .callHandler((exchange, request) -> calls.call(tool, request.arguments(), caller))
              .build());
    }
    for (Prompts.Template template : prompts) {
      spec.prompts(
          new McpServerFeatures.SyncPromptSpecification(
              template.prompt(), (exchange, request) -> template.render(request.arguments())));
    }
    return spec.build();
  }

  private McpStatelessSyncServer statelessServer(HttpServletStatelessServerTransport transport, String caller) {
    McpServer.StatelessSyncSpecification spec =
        McpServer.sync(transport)
            .serverInfo("wirelake", VERSION)
            .instructions(INSTRUCTIONS)
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).prompts(false).build())
            .validateToolInputs(false)
            .requestTimeout(Duration.ofMinutes(5));
    for (WirelakeTool tool : served()) {
      spec.tools(
          new McpStatelessServerFeatures.SyncToolSpecification(
              calls.definition(tool), (context, request) -> calls.call(tool, request.arguments(), caller)));
    }
    for (Prompts.Template template : prompts) {
      spec.prompts(
          new McpStatelessServerFeatures.SyncPromptSpecification(
              template.prompt(), (context, request) -> template.render(request.arguments())));
    }
    return spec.build();
  }
}
