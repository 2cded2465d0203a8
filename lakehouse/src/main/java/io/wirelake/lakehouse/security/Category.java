package io.wirelake.lakehouse.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kinds of issue {@link SecurityFindings} looks for, with the names tools use for them. */
public enum Category {
  MISSING_AUTH,
  EGRESS,
  PLAINTEXT_EXTERNAL,
  SENSITIVE_DATA;

  /** The name in arguments and JSON, e.g. {@code missing_auth}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every wire name, in declaration order. */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(Category::wireName).toList();
  }

  /** The category with this wire name (case-insensitive), if any. */
  public static Optional<Category> byWireName(String name) {
    return Arrays.stream(values()).filter(c -> c.wireName().equalsIgnoreCase(name.trim())).findFirst();
  }
}
