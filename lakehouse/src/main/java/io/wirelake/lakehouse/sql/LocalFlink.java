package io.wirelake.lakehouse.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * The smallest Flink cluster that runs a query (one task manager, one slot, little memory),
 * started once and kept for the session. Without it every query would start and stop its own
 * mini cluster, which is most of a warm query's time.
 */
final class LocalFlink implements AutoCloseable {

  private static final String LOOPBACK = "127.0.0.1";

  private final CompletableFuture<MiniCluster> cluster;
  private final int restPort;

  private LocalFlink(CompletableFuture<MiniCluster> cluster, int restPort) {
    this.cluster = cluster;
    this.restPort = restPort;
  }

  /**
   * Starts the cluster in the background, so that its start-up overlaps the planner's; {@link
   * #awaitRunning()} before submitting a job.
   */
  static LocalFlink start() {
    int restPort = freePort();
    Configuration config = new Configuration();
    config.setString("taskmanager.memory.managed.size", "64m");
    config.setString("taskmanager.memory.network.min", "16m");
    config.setString("taskmanager.memory.network.max", "16m");
    // no LZ4 for a local shuffle (and lz4-java is excluded from the build's flink-runtime)
    config.setString("taskmanager.network.compression.codec", "NONE");
    config.setString("rest.bind-address", LOOPBACK);
    config.setString("rest.address", LOOPBACK);
    config.setString("rest.bind-port", Integer.toString(restPort));
    MiniClusterConfiguration clusterConfig =
        new MiniClusterConfiguration.Builder()
            .setConfiguration(config)
            .setNumTaskManagers(1)
            .setNumSlotsPerTaskManager(1)
            .setCommonBindAddress(LOOPBACK)
            .build();
    CompletableFuture<MiniCluster> cluster =
        CompletableFuture.supplyAsync(
            () -> {
              MiniCluster miniCluster = new MiniCluster(clusterConfig);
              try {
                miniCluster.start();
                return miniCluster;
              } catch (Exception e) {
                try {
                  miniCluster.close();
                } catch (Exception suppressed) {
                  e.addSuppressed(suppressed);
                }
                throw new CompletionException(e);
              }
            },
            runnable -> {
              Thread starter = new Thread(runnable, "wirelake-flink-start");
              starter.setDaemon(true);
              starter.start();
            });
    return new LocalFlink(cluster, restPort);
  }

  /** Waits until the cluster accepts jobs. */
  void awaitRunning() {
    try {
      cluster.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(
          "cannot start the local Flink cluster: " + cause.getMessage(), cause);
    }
  }

  /** Client settings that send jobs to this cluster. */
  Configuration clientConfiguration() {
    Configuration config = new Configuration();
    config.setString("execution.target", "remote");
    config.setString("rest.address", LOOPBACK);
    config.setString("rest.port", Integer.toString(restPort));
    return config;
  }

  @Override
  public void close() throws Exception {
    MiniCluster running;
    try {
      running = cluster.join();
    } catch (CompletionException failedToStart) {
      return;
    }
    running.close();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port for Flink", e);
    }
  }
}
