package io.wirelake.cli.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the broker's child JVM: formats the KRaft storage on first use, then runs Kafka's public
 * {@code kafka.Kafka} main. It exits as soon as its standard input closes, which happens when the parent
 * process ends for any reason (kill -9 included), so no broker outlives the CLI that started it.
 */
public final class BrokerMain {
  private BrokerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: BrokerMain SERVER_PROPERTIES CLUSTER_ID");
      System.exit(2);
    }
    String config = args[0];
    Thread watchdog = new Thread(BrokerMain::exitWhenParentGoes, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    Path logDir = Path.of(logDirOf(config));
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      kafka.tools.StorageTool.execute(
          new String[] {"format", "-t", args[1], "-c", config, "--ignore-formatted"}, new PrintStream(System.out));
    }
    kafka.Kafka.main(new String[] {config});
  }

  private static String logDirOf(String config) throws IOException {
    java.util.Properties p = new java.util.Properties();
    try (var in = Files.newInputStream(Path.of(config))) {
      p.load(in);
    }
    return p.getProperty("log.dirs");
  }

  private static void exitWhenParentGoes() {
    InputStream in = System.in;
    byte[] buf = new byte[64];
    try {
      while (in.read(buf) >= 0) {
        // the parent writes nothing; EOF means it is gone
      }
    } catch (IOException ignored) {
      // a broken pipe means the same
    }
    Runtime.getRuntime().halt(0);
  }
}
