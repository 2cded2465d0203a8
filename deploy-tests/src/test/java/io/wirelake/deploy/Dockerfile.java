package io.wirelake.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A Dockerfile read the way the builder reads it, as far as these tests need: parser directives and comments
 * skipped, backslash continuations joined, each instruction split into its keyword, flags ({@code --chown=...})
 * and arguments (shell form split on blanks, or the JSON exec form).
 */
record Dockerfile(Path file, List<Instruction> instructions) {
  static final Set<String> KEYWORDS = Set.of("FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD",
      "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL");

  record Instruction(int line, String keyword, List<String> flags, List<String> args, String raw) {
    String flag(String name) {
      for (String f : flags) {
        if (f.startsWith("--" + name + "=")) {
          return f.substring(name.length() + 3);
        }
      }
      return null;
    }
  }

  static Dockerfile parse(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<Instruction> out = new ArrayList<>();
    StringBuilder current = null;
    int start = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String trimmed = line.strip();
      if (current == null && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue; // comments and parser directives (# syntax=...)
      }
      if (current != null && trimmed.startsWith("#")) {
        continue; // comment lines inside a continuation are dropped by the builder
      }
      if (current == null) {
        current = new StringBuilder();
        start = i + 1;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      out.add(instruction(file, start, current.toString().strip()));
      current = null;
    }
    if (current != null) {
      throw new IllegalArgumentException(file + ":" + start + ": continuation at end of file");
    }
    return new Dockerfile(file, List.copyOf(out));
  }

  private static Instruction instruction(Path file, int line, String text) {
    String[] kw = text.split("\\s+", 2);
    String keyword = kw[0].toUpperCase(Locale.ROOT);
    String rest = kw.length > 1 ? kw[1].strip() : "";
    List<String> flags = new ArrayList<>();
    while (rest.startsWith("--")) {
      String[] f = rest.split("\\s+", 2);
      flags.add(f[0]);
      rest = f.length > 1 ? f[1].strip() : "";
    }
    List<String> args = new ArrayList<>();
    if (rest.startsWith("[")) {
      if (!rest.endsWith("]")) {
        throw new IllegalArgumentException(file + ":" + line + ": unterminated JSON array in " + text);
      }
      for (String part : rest.substring(1, rest.length() - 1).split(",")) {
        String p = part.strip();
        if (p.length() < 2 || !p.startsWith("\"") || !p.endsWith("\"")) {
          throw new IllegalArgumentException(file + ":" + line + ": not a JSON string array: " + text);
        }
        args.add(p.substring(1, p.length() - 1));
      }
    } else if (!rest.isEmpty()) {
      args.addAll(List.of(rest.split("\\s+")));
    }
    return new Instruction(line, keyword, List.copyOf(flags), List.copyOf(args), text);
  }

  List<Instruction> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }
}
