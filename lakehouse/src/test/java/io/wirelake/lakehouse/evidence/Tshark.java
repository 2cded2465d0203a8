package io.wirelake.lakehouse.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs tshark on a file and collects its output. */
final class Tshark {

  record Output(int exitCode, String stdout, String stderr) {}

  static Output run(Path file, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tshark", "-r", file.toString()));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile("tshark", ".out");
    Path stderr = Files.createTempFile("tshark", ".err");
    try {
      Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("tshark did not finish in 120 s");
      }
      // tshark warns when run as root; that line is not about the file
      String err = Files.readString(stderr, StandardCharsets.UTF_8).lines()
          .filter(l -> !l.startsWith("Running as user")).reduce("", (a, b) -> a + b + "\n");
      return new Output(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), err);
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  private Tshark() {}
}
