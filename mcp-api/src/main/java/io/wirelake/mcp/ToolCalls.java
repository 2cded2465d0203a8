package io.wirelake.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.wirelake.lakehouse.query.InvalidArgumentException;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  ToolCalls(McpJsonMapper json) {
    this.json = json;
  }

  McpSchema.Tool definition(WirelakeTool tool) {
    return McpSchema.Tool.builder()
        .name(tool.name())
        .title(tool.name().replace('_', ' '))
        .description(tool.description())
        .inputSchema(tool.schema().toMap())
        .annotations(new McpSchema.ToolAnnotations(tool.name().replace('_', ' '), true, false, true, false, null))
        .build();
  }

  CallToolResult call(WirelakeTool tool, Map<String, Object> arguments) {
    long started = System.nanoTime();
    try {
      ToolOutput output = tool.call(arguments);
      LOG.debug("{} answered in {} ms", tool.name(), (System.nanoTime() - started) / 1_000_000);
      return CallToolResult.builder()
          .addTextContent(write(output.content()))
          .structuredContent(output.content())
          .isError(false)
          .build();
    } catch (InvalidArgumentException e) {
      return error("Invalid argument " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("{} failed", tool.name(), e);
      return error(tool.name() + " failed: " + describe(e));
    }
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
