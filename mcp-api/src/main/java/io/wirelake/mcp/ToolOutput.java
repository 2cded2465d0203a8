package io.wirelake.mcp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a tool answers: a one-line summary and the structured result (rows and whatever else),
 * sent both as {@code structuredContent} and as JSON text.
 */
record ToolOutput(String summary, Map<String, Object> content) {

  ToolOutput {
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("summary", summary);
    ordered.putAll(content);
    content = ordered;
  }
}
