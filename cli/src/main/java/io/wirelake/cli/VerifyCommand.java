package io.wirelake.cli;

import io.wirelake.lakehouse.evidence.EvidenceVerifier;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code wirelake verify DIR}: checks an evidence folder against its manifest; exit 1 on any mismatch. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check an evidence export folder against its manifest.json (sizes, SHA-256, counts).")
final class VerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "The export folder.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    List<String> problems = EvidenceVerifier.verify(dir);
    if (problems.isEmpty()) {
      System.out.println(dir + ": matches its manifest");
      return 0;
    }
    problems.forEach(p -> System.err.println(dir + ": " + p));
    System.err.println(problems.size() + " mismatch(es): the folder does not match its manifest");
    return 1;
  }
}
