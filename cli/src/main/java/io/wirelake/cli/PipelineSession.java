package io.wirelake.cli;

import io.wirelake.cli.broker.EmbeddedBroker;
import io.wirelake.cli.pipeline.ReplayRunner;
import io.wirelake.cli.pipeline.SourceProducer;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.ingest.kafka.TopicSetup;
import io.wirelake.ingest.kafka.WorkloadProducer;
import io.wirelake.schemas.Topics;
import io.wirelake.schemas.WorkloadEvent;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;

/**
 * One use of the pipeline from the command line: Kafka (embedded broker under {@code --data}, or the user's),
 * the topics, the sources to replay, and the Flink run that commits them to the tables. Closing it stops the
 * embedded broker.
 */
final class PipelineSession implements AutoCloseable {
  private final StackOptions options;
  private final EmbeddedBroker broker;
  private final String bootstrapServers;
  private final PrintStream out;

  PipelineSession(StackOptions options, PrintStream out) throws Exception {
    this.options = options;
    this.out = out;
    Files.createDirectories(options.data);
    if (options.bootstrapServers != null) {
      broker = null;
      bootstrapServers = options.bootstrapServers;
    } else {
      out.println("starting the embedded Kafka broker (log under " + options.data.resolve("kafka") + ") ...");
      broker = EmbeddedBroker.start(options.data, Duration.ofSeconds(90));
      bootstrapServers = broker.bootstrapServers();
    }
    TopicSetup.ensureTopics(bootstrapServers, 4, (short) 1);
  }

  SourceProducer.Result produce(String sourceId, String node, Iterator<CapturedFrame> frames, Progress progress) {
    return SourceProducer.produce(bootstrapServers, sourceId, node, frames, progress::update);
  }

  /** Writes Kubernetes metadata events to the workloads topic, skipping those it holds already. */
  void publishWorkloads(List<WorkloadEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    int sent = WorkloadProducer.publishNew(bootstrapServers, Topics.WORKLOADS, events);
    out.printf("%d Kubernetes metadata events (%d new) in %s%n", events.size(), sent, Topics.WORKLOADS);
  }

  /** Runs the job over what the tables do not hold yet and says what it did. */
  void commit() throws Exception {
    ReplayRunner.Outcome o = new ReplayRunner(options.data, bootstrapServers, options.catalog(),
        DissectionConfig.defaults(), options.enrichment(), options.parallelism).runToEnd();
    out.println(o.ran()
        ? String.format("committed %,d event-log offsets to the tables in %.1f s%s", o.records(),
            o.took().toMillis() / 1000.0, o.resumed() ? " (redid an interrupted run)" : "")
        : "the tables already hold everything in the event log");
  }

  @Override
  public void close() {
    if (broker != null) {
      broker.close();
    }
  }
}
