package io.wirelake.mcp;

import java.util.Map;

/** One MCP tool: its definition for {@code tools/list} and its answer to a call. */
interface WirelakeTool {

  String name();

  /** What it answers and when to use it, for the model choosing a tool. */
  String description();

  InputSchema schema();

  /** Whether calling it only reads (false for tools that change something, e.g. stop_capture). */
  default boolean readOnly() {
    return true;
  }

  /**
   * Answers one call.
   *
   * @throws io.wirelake.lakehouse.query.InvalidArgumentException for a bad argument
   */
  ToolOutput call(Arguments arguments);

  /** Reads the raw arguments against {@link #schema()}. */
  default ToolOutput call(Map<String, Object> raw) {
    return call(new Arguments(raw, schema().names()));
  }
}
