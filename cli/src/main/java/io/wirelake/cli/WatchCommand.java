package io.wirelake.cli;

import io.kubernetes.client.openapi.ApiClient;
import io.wirelake.ingest.kafka.WorkloadProducer;
import io.wirelake.k8s.KubeClients;
import io.wirelake.k8s.MetadataWatcher;
import io.wirelake.schemas.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wirelake watch --bootstrap-servers B}: the cluster's metadata watcher. Follows pods, services,
 * EndpointSlices and nodes (and ReplicaSets, for owners) and produces every change to the workloads topic until
 * stopped; on SIGTERM it stops watching, flushes what it produced and exits. One per cluster (the chart's watcher
 * Deployment), not per node.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = "Watch the cluster's pods, services, EndpointSlices and nodes into Kafka, until stopped.")
final class WatchCommand implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT", description = "Kafka to write to.")
  String bootstrapServers;

  @Option(names = "--topic", defaultValue = Topics.WORKLOADS, paramLabel = "NAME", description = "Workloads topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Kubeconfig to use (default: the pod's service account in a cluster, else KUBECONFIG or ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--api-server", paramLabel = "URL",
      description = "API server URL; with --kubeconfig it overrides the context's server, alone it is used without credentials (kubectl proxy).")
  String apiServer;

  @Option(names = "--data", defaultValue = "./data", paramLabel = "DIR",
      description = "Accepted like every command's; the watcher keeps no files (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--stats-seconds", defaultValue = "60", paramLabel = "N",
      description = "Flush and print the event count every N seconds; 0 for never (default: ${DEFAULT-VALUE}).")
  int statsSeconds;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    ApiClient client = KubeClients.connect(kubeconfig, apiServer);
    CountDownLatch stopping = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stopping.countDown();
      try {
        done.await(40, TimeUnit.SECONDS); // let the main thread flush before the JVM halts
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "watch-shutdown");
    try (WorkloadProducer producer = new WorkloadProducer(bootstrapServers, topic)) {
      MetadataWatcher watcher = MetadataWatcher.start(client, Clock.systemUTC(), producer);
      Runtime.getRuntime().addShutdownHook(hook);
      out.printf("watching %s into %s at %s; Ctrl-C to stop%n", watcher.server(), topic, bootstrapServers);
      try {
        long every = statsSeconds > 0 ? TimeUnit.SECONDS.toNanos(statsSeconds) : Long.MAX_VALUE;
        long next = System.nanoTime() + every;
        boolean announced = false;
        while (!stopping.await(1, TimeUnit.SECONDS)) {
          if (!announced && watcher.awaitSynced(Duration.ZERO)) {
            announced = true;
            out.println("listed every resource; " + watcher.eventsEmitted() + " events so far, now watching");
          }
          if (System.nanoTime() - next >= 0) {
            producer.flush(); // a failed send surfaces here and ends the command (the pod restarts)
            out.println(watcher.eventsEmitted() + " events produced");
            next += every;
          }
        }
      } finally {
        watcher.close();
        try {
          producer.flush();
        } finally {
          out.println("stopped; " + watcher.eventsEmitted() + " events produced");
        }
      }
      return 0;
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException | IllegalArgumentException e) {
        // shutting down, or never added
      }
    }
  }
}
