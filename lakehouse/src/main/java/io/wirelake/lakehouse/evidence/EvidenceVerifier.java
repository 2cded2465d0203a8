package io.wirelake.lakehouse.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks an export folder against its {@code manifest.json}: every listed file is present with
 * its size and SHA-256, no other file is present, and the packet and call counts match the files.
 */
public final class EvidenceVerifier {

  private EvidenceVerifier() {}

  /** Every mismatch found, one sentence each; empty if the folder matches its manifest. */
  @SuppressWarnings("unchecked")
  public static List<String> verify(Path dir) throws IOException {
    List<String> problems = new ArrayList<>();
    Path manifestFile = dir.resolve(EvidenceExport.MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      problems.add("no " + EvidenceExport.MANIFEST + " in " + dir);
      return problems;
    }
    Map<String, Object> manifest;
    try {
      manifest = CanonicalJson.parseObject(Files.readString(manifestFile, StandardCharsets.UTF_8));
    } catch (IOException e) {
      problems.add(EvidenceExport.MANIFEST + " is not valid JSON: " + e.getMessage());
      return problems;
    }
    if (!(manifest.get("files") instanceof Map<?, ?> filesValue)) {
      problems.add(EvidenceExport.MANIFEST + " lists no files");
      return problems;
    }
    Map<String, Object> files = (Map<String, Object>) filesValue;
    for (Map.Entry<String, Object> entry : new java.util.TreeMap<>(files).entrySet()) {
      checkFile(dir, entry.getKey(), (Map<String, Object>) entry.getValue(), problems);
    }
    try (Stream<Path> present = Files.list(dir)) {
      TreeSet<String> extra = new TreeSet<>();
      present.map(p -> p.getFileName().toString())
          .filter(n -> !n.equals(EvidenceExport.MANIFEST) && !files.containsKey(n))
          .forEach(extra::add);
      extra.forEach(n -> problems.add(n + ": not listed in the manifest"));
    }
    Map<String, Object> counts = manifest.get("counts") instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of();
    Path capture = dir.resolve(EvidenceExport.CAPTURE);
    if (Files.isRegularFile(capture)) {
      try {
        compare(problems, EvidenceExport.CAPTURE + ": packets", counts.get("packets"), PcapngBlocks.countPackets(capture));
      } catch (IOException e) {
        problems.add(EvidenceExport.CAPTURE + ": not a readable pcapng file (" + e.getMessage() + ")");
      }
    }
    Path calls = dir.resolve(EvidenceExport.CALLS);
    if (Files.isRegularFile(calls)) {
      long lines;
      try (Stream<String> all = Files.lines(calls, StandardCharsets.UTF_8)) {
        lines = all.count();
      } catch (java.io.UncheckedIOException e) {
        lines = -1;
      }
      compare(problems, EvidenceExport.CALLS + ": calls", counts.get("calls"), lines);
    }
    return problems;
  }

  private static void checkFile(Path dir, String name, Map<String, Object> expected, List<String> problems)
      throws IOException {
    Path file = dir.resolve(name).normalize();
    if (!file.getParent().equals(dir.normalize())) {
      problems.add(name + ": not a file name inside the folder");
      return;
    }
    if (!Files.isRegularFile(file)) {
      problems.add(name + ": missing");
      return;
    }
    compare(problems, name + ": size in bytes", expected.get("bytes"), Files.size(file));
    String actual = Sha256.of(file);
    if (!Objects.equals(expected.get("sha256"), actual)) {
      problems.add(name + ": SHA-256 is " + actual + ", the manifest says " + expected.get("sha256"));
    }
  }

  private static void compare(List<String> problems, String what, Object expected, long actual) {
    if (!(expected instanceof Number n) || n.longValue() != actual) {
      problems.add(what + " is " + actual + ", the manifest says " + expected);
    }
  }
}
