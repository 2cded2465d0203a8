package io.wirelake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.cli.broker.EmbeddedBroker;
import io.wirelake.cli.pipeline.ReplayRunner;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.ingest.kafka.TopicSetup;
import io.wirelake.ingest.live.CaptureCounters;
import io.wirelake.ingest.live.LiveCapture;
import io.wirelake.ingest.live.LiveCaptureSettings;
import io.wirelake.lakehouse.catalog.CatalogFactory;
import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.table.WirelakeTables;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka dissector on real traffic: a real {@link KafkaProducer} and {@link KafkaConsumer} talk to an
 * embedded KRaft broker (the <em>observed</em> broker A) while {@link LiveCapture} records loopback with the BPF
 * filter {@code tcp port <A's port>} and produces the frames into a second embedded broker B, from which
 * {@link ReplayRunner} commits the tables. Two brokers, so wirelake's own produce and replay traffic is never
 * in the capture. Skipped where capture is not permitted.
 *
 * <p>Kafka 4.x clients name topics by id in Fetch (v13+) and may in Produce (v13+), and incremental fetch
 * sessions leave a request's topic list empty when nothing changed; so {@code path} is {@code orders}, its
 * topic id (as Kafka prints it), or null for such a session fetch. Only {@code orders} exists on A, so every
 * Produce/Fetch row of the capture is about it.
 */
class KafkaWireCaptureTest {
  private static final String TOPIC = "orders";
  private static final int BATCHES = 3;
  private static final int RECORDS_PER_BATCH = 10;
  private static final int RECORDS = BATCHES * RECORDS_PER_BATCH;

  @TempDir Path root;

  @Test
  void producedAndFetchedRecordsAppearAsKafkaRows() throws Exception {
    LiveCaptureEndToEndTest.assumeCapturePermitted();
    Path observedDir = root.resolve("observed");
    Path data = root.resolve("capture");
    try (EmbeddedBroker observed = EmbeddedBroker.start(observedDir, Duration.ofSeconds(90));
         EmbeddedBroker sink = EmbeddedBroker.start(data, Duration.ofSeconds(90))) {
      String bootstrap = observed.bootstrapServers();
      int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
      TopicSetup.ensureTopics(sink.bootstrapServers(), 4, (short) 1);
      String topicId;
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        topicId = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
            .get(TOPIC).topicId().toString();
      }
      Set<String> topicPaths = Set.of(TOPIC, topicId);

      LiveCaptureSettings settings = LiveCaptureSettings.of("lo", sink.bootstrapServers(), "test-node")
          .withBpf("tcp port " + port).withQueueBytes(16L * 1024 * 1024).withStatsInterval(Duration.ZERO);
      CaptureCounters.Snapshot end;
      int read = 0;
      try (LiveCapture capture = LiveCapture.start(settings)) {
        LiveCaptureEndToEndTest.await(capture::isReady, Duration.ofSeconds(30), "capture ready and Kafka reachable");
        produce(bootstrap);
        read = consume(bootstrap);
        Thread.sleep(500); // the last FIN/ACK exchanges
        LiveCaptureEndToEndTest.await(() -> {
          CaptureCounters.Snapshot s = capture.counters().snapshot();
          return s.captured() > 0 && s.inFlight() == 0 && s.produced() > 0;
        }, Duration.ofSeconds(30), "every captured frame produced");
        end = capture.counters().snapshot();
      }
      System.out.println("live capture: " + end);
      assertThat(read).isEqualTo(RECORDS);
      assertThat(end.queueDrops()).isZero();
      assertThat(end.kernelDrops()).isZero();
      assertThat(end.produceErrors()).isZero();

      new ReplayRunner(data, sink.bootstrapServers(), CatalogSettings.embedded(data.toAbsolutePath()),
          DissectionConfig.defaults(), 1).runToEnd();

      List<Record> tx = rows(data).stream()
          .filter(r -> Integer.valueOf(port).equals(r.getField("server_port"))).toList();
      Map<String, Integer> perMethod = new TreeMap<>();
      for (Record r : tx) {
        perMethod.merge(r.getField("protocol") + " " + r.getField("method") + " " + r.getField("path"), 1,
            Integer::sum);
      }
      System.out.println("kafka rows (protocol method path -> count), topic id " + topicId + ": " + perMethod);
      assertThat(tx).isNotEmpty().allSatisfy(r -> assertThat(r.getField("protocol")).isEqualTo("kafka"));
      assertThat(tx).anySatisfy(r -> assertThat(r.getField("method")).isEqualTo("ApiVersions"));
      assertThat(tx).anySatisfy(r -> assertThat(r.getField("method")).isEqualTo("Metadata"));

      List<Record> produces = tx.stream().filter(r -> "Produce".equals(r.getField("method"))).toList();
      List<Record> fetches = tx.stream().filter(r -> "Fetch".equals(r.getField("method"))).toList();
      assertThat(produces).as("one Produce per flushed batch at least").hasSizeGreaterThanOrEqualTo(BATCHES);
      assertThat(fetches).isNotEmpty();
      for (Record r : produces) {
        assertThat((String) r.getField("path")).as("Produce path").isIn(topicPaths);
        assertThat(header(r, "request_headers", "acks")).isEqualTo("-1");
      }
      assertThat(produces.stream().mapToLong(r -> count(r, "request_headers")).sum())
          .as("records in Produce requests").isEqualTo(RECORDS);
      assertThat(fetches).as("a Fetch naming the topic")
          .anySatisfy(r -> assertThat((String) r.getField("path")).isIn(topicPaths));
      for (Record r : fetches) {
        assertThat((String) r.getField("path")).as("Fetch path").isIn(TOPIC, topicId, null);
      }
      assertThat(fetches.stream().mapToLong(r -> count(r, "response_headers")).sum())
          .as("records in Fetch responses").isGreaterThanOrEqualTo(read);
      assertThat(fetches).as("the records come back in a Fetch of the topic").anySatisfy(r -> {
        assertThat((String) r.getField("path")).isIn(topicPaths);
        assertThat(count(r, "response_headers")).isPositive();
      });
      List<Record> both = new ArrayList<>(produces);
      both.addAll(fetches);
      for (Record r : both) {
        String what = r.getField("method") + " " + r.getField("id");
        assertThat(r.getField("status")).as(what + " status").isEqualTo(0);
        assertThat(r.getField("error")).as(what + " error").isNull();
        assertThat((Long) r.getField("latency_us")).as(what + " latency").isNotNull()
            .isGreaterThanOrEqualTo(0L).isLessThan(5_000_000L);
        assertThat(r.getField("client_ip")).isEqualTo("127.0.0.1");
        assertThat(r.getField("node")).isEqualTo("test-node");
      }
    }
  }

  /** {@link #BATCHES} flushed batches of {@link #RECORDS_PER_BATCH} records, acks=all, with linger. */
  private static void produce(String bootstrap) throws Exception {
    Map<String, Object> conf = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.CLIENT_ID_CONFIG, "orders-producer",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(conf)) {
      for (int b = 0; b < BATCHES; b++) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < RECORDS_PER_BATCH; i++) {
          int n = b * RECORDS_PER_BATCH + i;
          sent.add(producer.send(new ProducerRecord<>(TOPIC, "order-" + n, "{\"order\":" + n + "}")));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> f : sent) {
          f.get(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** assign + seekToBeginning + poll until every record is read; returns how many were read. */
  private static int consume(String bootstrap) throws InterruptedException {
    Map<String, Object> conf = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.CLIENT_ID_CONFIG, "orders-consumer",
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    int read = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(conf)) {
      TopicPartition tp = new TopicPartition(TOPIC, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (read < RECORDS && System.nanoTime() < deadline) {
        ConsumerRecords<String, String> got = consumer.poll(Duration.ofMillis(200));
        read += got.count();
      }
      // the fetch sent after the last poll is answered after fetch.max.wait.ms; let it arrive before closing
      Thread.sleep(400);
    }
    return read;
  }

  private static long count(Record r, String map) {
    String v = header(r, map, "records");
    return v == null ? 0 : Long.parseLong(v);
  }

  @SuppressWarnings("unchecked")
  private static String header(Record r, String map, String key) {
    Map<String, String> m = (Map<String, String>) r.getField(map);
    return m == null ? null : m.get(key);
  }

  private static List<Record> rows(Path data) throws IOException {
    Catalog catalog = CatalogFactory.open(CatalogSettings.embedded(data.toAbsolutePath()));
    try {
      List<Record> out = new ArrayList<>();
      try (CloseableIterable<Record> it =
               IcebergGenerics.read(catalog.loadTable(WirelakeTables.L7_TRANSACTIONS)).build()) {
        for (Record r : it) {
          out.add(r.copy());
        }
      }
      return out;
    } finally {
      if (catalog instanceof java.io.Closeable c) {
        c.close();
      }
    }
  }


}
