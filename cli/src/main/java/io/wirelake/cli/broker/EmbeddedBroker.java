package io.wirelake.cli.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft Kafka broker in a child JVM, started from the project's own classpath, with its
 * log under {@code <data>/kafka}. The log survives restarts (the event log is durable); ports are those of the
 * previous start when they are free, else picked free on loopback.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private final Process process;
  private final OutputStream lifeline;
  private final String bootstrapServers;
  private final Path logFile;
  private final Thread shutdownHook;

  private EmbeddedBroker(Process process, String bootstrapServers, Path logFile) {
    this.process = process;
    this.lifeline = process.getOutputStream();
    this.bootstrapServers = bootstrapServers;
    this.logFile = logFile;
    this.shutdownHook = new Thread(this::stop, "broker-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts the broker and waits until it answers, or throws {@link BrokerStartException}. */
  public static EmbeddedBroker start(Path dataDir, Duration timeout) {
    Path dir = dataDir.resolve("kafka").toAbsolutePath();
    try {
      Files.createDirectories(dir.resolve("log"));
      int[] ports = ports(dir);
      int port = ports[0];
      int controllerPort = ports[1];
      Path config = dir.resolve("server.properties");
      Files.writeString(config, serverProperties(dir.resolve("log"), port, controllerPort), StandardCharsets.UTF_8);
      String clusterId = clusterId(dir);
      Path logFile = dir.resolve("broker.log");
      List<String> cmd = new ArrayList<>();
      cmd.add(javaBinary());
      cmd.add("-Xms128m");
      cmd.add("-Xmx512m");
      cmd.add("-XX:+UseG1GC");
      cmd.add("-Dlog4j2.configurationFile=" + log4jConfig(dir));
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(BrokerMain.class.getName());
      cmd.add(config.toString());
      cmd.add(clusterId);
      Process p = new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .start();
      EmbeddedBroker broker = new EmbeddedBroker(p, "127.0.0.1:" + port, logFile);
      try {
        broker.awaitReady(timeout);
      } catch (RuntimeException e) {
        broker.close();
        throw e;
      }
      return broker;
    } catch (IOException e) {
      throw new BrokerStartException("could not start the embedded Kafka broker under " + dir + ": " + e.getMessage(), e);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public long pid() {
    return process.pid();
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> conf = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    try (Admin admin = Admin.create(conf)) {
      while (true) {
        if (!process.isAlive()) {
          throw new BrokerStartException("the embedded Kafka broker exited with code " + process.exitValue()
              + "; see " + logFile, null);
        }
        try {
          admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
          admin.listTopics().names().get(3, TimeUnit.SECONDS);
          return;
        } catch (Exception notYet) {
          if (System.nanoTime() > deadline) {
            throw new BrokerStartException("the embedded Kafka broker did not answer within " + timeout.toSeconds()
                + " s; see " + logFile, notYet);
          }
          sleep(250);
        }
      }
    }
  }

  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      lifeline.close();
    } catch (IOException ignored) {
      // the process is gone
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // already running the hooks
    }
  }

  private static String serverProperties(Path logDir, int port, int controllerPort) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("log.dirs", logDir.toString());
    p.setProperty("num.partitions", "4");
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "4");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "4");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("log.retention.ms", "-1");
    p.setProperty("message.max.bytes", "8388608");
    p.setProperty("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    StringBuilder sb = new StringBuilder("# written by wirelake for its embedded broker; rewritten at every start\n");
    p.stringPropertyNames().stream().sorted().forEach(k -> sb.append(k).append('=').append(p.getProperty(k)).append('\n'));
    return sb.toString();
  }

  private static String log4jConfig(Path dir) throws IOException {
    Path f = dir.resolve("log4j2.properties");
    Files.writeString(f, String.join("\n",
        "rootLogger.level = WARN",
        "rootLogger.appenderRef.out.ref = out",
        "appender.out.type = Console",
        "appender.out.name = out",
        "appender.out.layout.type = PatternLayout",
        "appender.out.layout.pattern = %d{ISO8601} %p %c{1} - %m%n",
        ""));
    return f.toString();
  }

  /** The cluster id is made once and kept beside the log, so a restart reuses the formatted storage. */
  private static String clusterId(Path dir) throws IOException {
    Path f = dir.resolve("cluster.id");
    if (Files.exists(f)) {
      return Files.readString(f).trim();
    }
    String id = Uuid.randomUuid().toString();
    Files.writeString(f, id);
    return id;
  }

  /**
   * The ports of the previous start when they are free again (so clients that know the broker, like a live
   * capture's producer, find it after a restart), else new free ones; remembered in {@code ports.properties}.
   */
  private static int[] ports(Path dir) throws IOException {
    Path f = dir.resolve("ports.properties");
    int[] ports = null;
    if (Files.exists(f)) {
      Properties p = new Properties();
      try (var in = Files.newInputStream(f)) {
        p.load(in);
        int port = Integer.parseInt(p.getProperty("port", "0"));
        int controller = Integer.parseInt(p.getProperty("controller.port", "0"));
        if (port > 0 && controller > 0 && isFree(port) && isFree(controller)) {
          ports = new int[] {port, controller};
        }
      } catch (NumberFormatException corrupt) {
        // pick new ones
      }
    }
    if (ports == null) {
      ports = new int[] {freePort(), freePort()};
    }
    Files.writeString(f, "port=" + ports[0] + "\ncontroller.port=" + ports[1] + "\n", StandardCharsets.UTF_8);
    return ports;
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IOException("no free port on 127.0.0.1 for the embedded Kafka broker: " + e.getMessage(), e);
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerStartException("interrupted while waiting for the embedded Kafka broker", e);
    }
  }

  /** The broker could not be started; the message says why and where its log is. */
  public static final class BrokerStartException extends RuntimeException {
    BrokerStartException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
