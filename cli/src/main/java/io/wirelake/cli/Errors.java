package io.wirelake.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** One sentence for the user from an exception: what went wrong, not a stack trace. */
final class Errors {
  private Errors() {}

  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
      root = root.getCause();
    }
    if (root instanceof NoSuchFileException) {
      return "no such file: " + root.getMessage() + " (check the path)";
    }
    if (root instanceof AccessDeniedException) {
      return "permission denied: " + root.getMessage();
    }
    String msg = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    return msg + (Boolean.getBoolean("wirelake.debug") ? "" : " (run with -Dwirelake.debug=true for details)");
  }
}
