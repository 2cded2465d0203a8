package io.wirelake.ingest.live;

import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.ingest.decode.DecodedFrame;
import io.wirelake.ingest.decode.FrameDecoder;
import io.wirelake.ingest.kafka.SegmentEncoder;
import io.wirelake.schemas.Segment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender thread: drains the queue, decodes each frame, encodes it as a {@link Segment} and produces it.
 * It takes nothing from the queue until Kafka has answered once, so while Kafka is unreachable the queue fills
 * and its drops are the whole loss. Stopping sends what is queued if Kafka is reachable and counts it as
 * dropped otherwise.
 */
final class SegmentSender implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentSender.class);
  private static final int BATCH = 1024;

  private final FrameQueue queue;
  private final CaptureCounters counters;
  private final LiveSegmentProducer producer;
  private final FrameDecoder decoder = new FrameDecoder();
  private final SegmentEncoder encoder;
  private final String bootstrapServers;
  private final String topic;
  private volatile boolean kafkaReachable;
  private volatile boolean stopping;
  private volatile boolean loggedProduceError;

  SegmentSender(FrameQueue queue, CaptureCounters counters, LiveCaptureSettings s) {
    this.queue = queue;
    this.counters = counters;
    this.encoder = new SegmentEncoder(s.node());
    this.bootstrapServers = s.bootstrapServers();
    this.topic = s.topic();
    this.producer = new LiveSegmentProducer(s);
  }

  boolean kafkaReachable() {
    return kafkaReachable;
  }

  /** Asks the thread to send what is queued and end. */
  void stop() {
    stopping = true;
  }

  @Override
  public void run() {
    try {
      while (!kafkaReachable && !stopping) {
        connect();
      }
      List<CapturedFrame> batch = new ArrayList<>(BATCH);
      while (kafkaReachable || !stopping) {
        batch.clear();
        if (queue.drainTo(batch, BATCH, 100, TimeUnit.MILLISECONDS) == 0 && stopping) {
          break;
        }
        for (CapturedFrame f : batch) {
          send(f);
        }
      }
    } catch (InterruptedException | InterruptException e) {
      Thread.currentThread().interrupt();
    } finally {
      int lost = queue.discardAll();
      if (lost > 0) {
        LOG.warn("{} frames were still queued for Kafka at stop and are lost", lost);
      }
      boolean interrupted = Thread.interrupted(); // close() must not be cut short by our own interrupt
      producer.close(interrupted ? Duration.ZERO : Duration.ofSeconds(10));
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void connect() {
    try {
      producer.partitions();
      kafkaReachable = true;
      LOG.info("Kafka at {} answers; producing to {}", bootstrapServers, topic);
    } catch (InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.warn("Kafka at {} does not answer or has no topic {} yet ({}); frames queue up meanwhile",
          bootstrapServers, topic, e.getMessage());
    }
  }

  private void send(CapturedFrame f) {
    DecodedFrame d = decoder.decode(f.linkType(), f.data());
    if (d == null) {
      counters.decodeSkips.increment();
      return;
    }
    Segment s = encoder.toSegment(f, d);
    byte[] key = s.getFlowKey().getBytes(StandardCharsets.UTF_8);
    byte[] value = encoder.encode(s);
    int len = f.data().length;
    try {
      producer.send(key, value, (md, e) -> {
        if (e == null) {
          counters.produced.increment();
          counters.bytesProduced.add(len);
          kafkaReachable = true;
        } else {
          failed(e);
        }
      });
    } catch (InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      failed(e);
    }
  }

  private void failed(Exception e) {
    counters.produceErrors.increment();
    if (!loggedProduceError) {
      loggedProduceError = true;
      LOG.warn("Kafka did not take a segment ({}); such errors are counted in produce_errors", e.toString());
    }
  }
}
