package io.wirelake.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds a tool's JSON input schema and remembers the argument names it allows. */
final class InputSchema {

  private final Map<String, Object> properties = new LinkedHashMap<>();
  private final List<String> required = new ArrayList<>();

  InputSchema string(String name, String description) {
    properties.put(name, property("string", description));
    return this;
  }

  InputSchema string(String name, String description, String pattern) {
    Map<String, Object> p = property("string", description);
    p.put("pattern", pattern);
    properties.put(name, p);
    return this;
  }

  InputSchema enumeration(String name, String description, List<String> values, String defaultValue) {
    Map<String, Object> p = property("string", description);
    p.put("enum", values);
    if (defaultValue != null) {
      p.put("default", defaultValue);
    }
    properties.put(name, p);
    return this;
  }

  InputSchema integer(String name, String description, long min, long max, Long defaultValue) {
    Map<String, Object> p = property("integer", description);
    p.put("minimum", min);
    p.put("maximum", max);
    if (defaultValue != null) {
      p.put("default", defaultValue);
    }
    properties.put(name, p);
    return this;
  }

  InputSchema bool(String name, String description, Boolean defaultValue) {
    Map<String, Object> p = property("boolean", description);
    if (defaultValue != null) {
      p.put("default", defaultValue);
    }
    properties.put(name, p);
    return this;
  }

  /** An array of strings, each one of {@code values}. */
  InputSchema enumArray(String name, String description, List<String> values) {
    Map<String, Object> items = new LinkedHashMap<>();
    items.put("type", "string");
    items.put("enum", values);
    Map<String, Object> p = property("array", description);
    p.put("items", items);
    properties.put(name, p);
    return this;
  }

  /** A property of several JSON types, e.g. {@code status} as 503 or "5xx". */
  InputSchema anyType(String name, String description, List<String> types) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", types);
    p.put("description", description);
    properties.put(name, p);
    return this;
  }

  InputSchema required(String... names) {
    required.addAll(List.of(names));
    return this;
  }

  Set<String> names() {
    return Set.copyOf(properties.keySet());
  }

  Map<String, Object> toMap() {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    schema.put("additionalProperties", false);
    return schema;
  }

  private static Map<String, Object> property(String type, String description) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", type);
    p.put("description", description);
    return p;
  }
}
