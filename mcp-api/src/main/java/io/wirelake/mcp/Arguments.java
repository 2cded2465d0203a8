package io.wirelake.mcp;

import io.wirelake.lakehouse.query.InvalidArgumentException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The arguments of one tool call, read strictly: unknown names, wrong types and out-of-range
 * values are {@link InvalidArgumentException}s that name the argument and say what is allowed.
 */
final class Arguments {

  private final Map<String, Object> values;

  Arguments(Map<String, Object> values, Set<String> allowed) {
    this.values = values == null ? Map.of() : values;
    for (String name : this.values.keySet()) {
      if (!allowed.contains(name)) {
        throw new InvalidArgumentException(
            name,
            "unknown argument; this tool takes "
                + (allowed.isEmpty() ? "no arguments" : String.join(", ", new TreeSet<>(allowed))));
      }
    }
  }

  boolean has(String name) {
    return values.get(name) != null;
  }

  /** A string argument, null if absent; blank counts as absent. */
  String string(String name) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new InvalidArgumentException(name, "must be a string, was " + describe(value));
    }
    return text.isBlank() ? null : text.trim();
  }

  String requiredString(String name) {
    String value = string(name);
    if (value == null) {
      throw new InvalidArgumentException(name, "is required");
    }
    return value;
  }

  /** One of {@code allowed} (case-insensitive), returned lower-case; the default if absent. */
  String enumeration(String name, List<String> allowed, String defaultValue) {
    String value = string(name);
    if (value == null) {
      return defaultValue;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if (!allowed.contains(lower)) {
      throw new InvalidArgumentException(
          name, "unknown value '" + value + "'; use one of " + String.join(", ", allowed));
    }
    return lower;
  }

  Integer integer(String name, long min, long max) {
    Long value = longValue(name, min, max);
    return value == null ? null : value.intValue();
  }

  int integer(String name, long min, long max, int defaultValue) {
    Integer value = integer(name, min, max);
    return value == null ? defaultValue : value;
  }

  Long longValue(String name, long min, long max) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number)) {
      throw new InvalidArgumentException(name, "must be an integer, was " + describe(value));
    }
    double asDouble = number.doubleValue();
    if (asDouble != Math.rint(asDouble) || Double.isInfinite(asDouble)) {
      throw new InvalidArgumentException(name, "must be a whole number, was " + value);
    }
    long n = number.longValue();
    if (n < min || n > max) {
      throw new InvalidArgumentException(
          name, "must be between " + min + " and " + max + ", was " + n);
    }
    return n;
  }

  Boolean bool(String name) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Boolean flag)) {
      throw new InvalidArgumentException(name, "must be true or false, was " + describe(value));
    }
    return flag;
  }

  /** The raw value, for arguments that take more than one type. */
  Object raw(String name) {
    return values.get(name);
  }

  static String describe(Object value) {
    if (value instanceof String text) {
      return "the string \"" + text + "\"";
    }
    if (value instanceof Number) {
      return "the number " + value;
    }
    if (value instanceof Boolean) {
      return "the boolean " + value;
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    return value.getClass().getSimpleName();
  }
}
