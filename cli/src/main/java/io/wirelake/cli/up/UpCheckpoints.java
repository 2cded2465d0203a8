package io.wirelake.cli.up;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The checkpoints of {@code wirelake up} under {@code <data>/checkpoints/up}: Flink writes
 * {@code <job-id>/chk-N/_metadata} (retained on cancellation) and stop-with-savepoint writes
 * {@code savepoints/savepoint-.../_metadata}. A restart resumes from the newest complete one.
 */
public final class UpCheckpoints {
  private final Path root;

  public UpCheckpoints(Path dataDir) {
    this.root = dataDir.resolve("checkpoints").resolve("up").toAbsolutePath();
  }

  /** Where the job's checkpoints go. */
  public Path checkpointDir() {
    return root;
  }

  /** Where the final savepoint goes. */
  public Path savepointDir() {
    return root.resolve("savepoints");
  }

  /** The newest directory holding {@code _metadata} (a completed checkpoint or savepoint), if any. */
  public Optional<Path> latest() {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.walk(root, 3)) {
      return s.filter(p -> p.getFileName().toString().equals("_metadata") && Files.isRegularFile(p))
          .max(Comparator.comparing(UpCheckpoints::modified).thenComparing(p -> number(p.getParent())))
          .map(Path::getParent);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Deletes every job's checkpoints and every savepoint except {@code keep} (and what contains it), so each run
   * leaves one job directory behind, not one per run.
   */
  public void pruneAllBut(Path keep) throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    List<Path> candidates;
    try (Stream<Path> s = Stream.concat(list(root), list(savepointDir()))) {
      candidates = s.filter(Files::isDirectory).filter(p -> !p.equals(savepointDir()))
          .filter(p -> keep == null || !keep.toAbsolutePath().startsWith(p.toAbsolutePath()))
          .collect(Collectors.toList());
    }
    for (Path p : candidates) {
      deleteRecursively(p);
    }
  }

  private static Stream<Path> list(Path dir) {
    try {
      return Files.isDirectory(dir) ? Files.list(dir).collect(Collectors.toList()).stream() : Stream.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static long number(Path dir) {
    String n = dir.getFileName().toString();
    int dash = n.lastIndexOf('-');
    try {
      return dash < 0 ? -1 : Long.parseLong(n.substring(dash + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    }
  }
}
