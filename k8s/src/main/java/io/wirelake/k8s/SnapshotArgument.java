package io.wirelake.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * One {@code --k8s FILE[@TIME]} argument: a {@code kubectl get ... -o json} file and the instant it takes effect
 * ({@code null}: from the start of the capture). Paths may contain {@code @}: the argument is split at its last
 * {@code @} only when what follows is an ISO-8601 instant with a zone ({@code 2026-11-24T14:00:00Z},
 * {@code 2026-11-24T15:00:00+01:00}), and not when the whole argument names an existing file while the part
 * before the {@code @} does not.
 *
 * @param argument the argument as given, for error messages
 */
public record SnapshotArgument(String argument, Path file, Instant at) {

  /** Parses {@code argument}; the file's existence is checked when it is read. */
  public static SnapshotArgument parse(String argument) {
    if (argument == null || argument.isBlank()) {
      throw new IllegalArgumentException("--k8s needs FILE or FILE@TIME (a kubectl get -o json file), not an empty argument");
    }
    int at = argument.lastIndexOf('@');
    if (at > 0) {
      Instant t = instant(argument.substring(at + 1));
      if (t != null) {
        Path file = Path.of(argument.substring(0, at));
        Path whole = Path.of(argument);
        if (!Files.exists(file) && Files.exists(whole)) {
          return new SnapshotArgument(argument, whole, null);
        }
        return new SnapshotArgument(argument, file, t);
      }
    }
    return new SnapshotArgument(argument, Path.of(argument), null);
  }

  /** Why the file cannot be found, naming the argument (and what after an {@code @} failed to be a time). */
  String missingFileMessage() {
    String msg = "--k8s " + argument + ": no such file " + file;
    int at = argument.lastIndexOf('@');
    if (this.at == null && at > 0) {
      msg += " ('" + argument.substring(at + 1) + "' after the last @ is not an ISO-8601 instant with a zone,"
          + " such as 2026-11-24T14:00:00Z)";
    }
    return msg;
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
