package io.wirelake.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.wirelake.lakehouse.query.InvalidArgumentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link WirelakeTool} for the MCP SDK: its answer as JSON text plus {@code
 * structuredContent}; bad arguments and failures as tool errors ({@code isError}), so the model
 * sees what to fix and the server keeps serving.
 */
final class ToolCalls {

  private static final Logger LOG = LoggerFactory.getLogger(ToolCalls.class);

  private final McpJsonMapper json;
  private final AuditLog audit;

  /** @param audit where every call is recorded; null records nothing */
  ToolCalls(McpJsonMapper json, AuditLog audit) {
    this.json = json;
    this.audit = audit;
  }

  McpSchema.Tool definition(WirelakeTool tool) {
    return McpSchema.Tool.builder()
        .name(tool.name())
        .title(tool.name().replace('_', ' '))
        .description(tool.description())
        .inputSchema(tool.schema().toMap())
        .annotations(new McpSchema.ToolAnnotations(tool.name().replace('_', ' '), tool.readOnly(), false, true, false, null))
        .build();
  }

  /** Runs the tool and records the call in the audit log before returning the answer. */
  CallToolResult call(WirelakeTool tool, Map<String, Object> arguments, String caller) {
    Instant received = Instant.now();
    long started = System.nanoTime();
    CallToolResult result;
    long rows = 0;
    try {
      ToolOutput output = tool.call(arguments);
      LOG.debug("{} answered in {} ms", tool.name(), (System.nanoTime() - started) / 1_000_000);
      rows = rows(output.content());
      result = CallToolResult.builder()
          .addTextContent(write(output.content()))
          .structuredContent(output.content())
          .isError(false)
          .build();
    } catch (InvalidArgumentException e) {
      result = error("Invalid argument " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("{} failed", tool.name(), e);
      result = error(tool.name() + " failed: " + describe(e));
    }
    audit(received, caller, tool, arguments, result.isError() ? 0 : rows, result.isError(),
        (System.nanoTime() - started) / 1000);
    return result;
  }

  private void audit(Instant ts, String caller, WirelakeTool tool, Map<String, Object> arguments,
      long rows, boolean isError, long durationUs) {
    if (audit == null) {
      return;
    }
    try {
      String args = arguments == null ? "{}" : write(arguments);
      audit.record(ts, caller, tool.name(), args, rows, isError, durationUs);
    } catch (RuntimeException e) {
      // the answer still goes out; a lost audit row is logged loudly
      LOG.error("cannot record {} call by {} in the audit log", tool.name(), caller, e);
    }
  }

  /** Size of {@code rows} when the answer has one, else the entries of its top-level lists. */
  static long rows(Map<String, Object> content) {
    if (content.get("rows") instanceof List<?> list) {
      return list.size();
    }
    long n = 0;
    for (Object value : content.values()) {
      if (value instanceof List<?> list) {
        n += list.size();
      }
    }
    return n;
  }

  private static CallToolResult error(String message) {
    return CallToolResult.builder().addTextContent(message).isError(true).build();
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
