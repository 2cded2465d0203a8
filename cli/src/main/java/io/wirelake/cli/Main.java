package io.wirelake.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./wirelake}: the command line of every stage, on the embedded default or on a cluster's services. */
@Command(
    name = "wirelake",
    mixinStandardHelpOptions = true,
    version = "wirelake 0.1.0",
    description = "Event-sourced streaming analytics for Kubernetes network traffic.",
    subcommands = {DemoCommand.class, IngestCommand.class, SniffCommand.class, UpCommand.class, WatchCommand.class, SqlCommand.class, McpCommand.class, ExportCommand.class, VerifyCommand.class, SnapshotCommand.class, MaintainCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {
  public static void main(String[] args) {
    quietLogging();
    int code = commandLine().execute(args);
    System.exit(code);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("wirelake " + cmd.getCommandName() + ": " + Errors.describe(e));
      if (Boolean.getBoolean("wirelake.debug")) {
        e.printStackTrace(cmd.getErr());
      }
      return 1;
    });
    return cl;
  }

  /** The embedded stack is chatty at INFO; a user sees warnings and errors only unless they ask. */
  static void quietLogging() {
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    setIfAbsent("org.slf4j.simpleLogger.log.org.apache.flink", "error");
    setIfAbsent("org.slf4j.simpleLogger.log.org.apache.iceberg", "error");
    setIfAbsent("org.slf4j.simpleLogger.log.org.apache.hadoop", "error");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
