package io.wirelake.cluster;

import io.wirelake.ingest.capture.CaptureReader;
import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.ingest.decode.DecodedFrame;
import io.wirelake.ingest.decode.FrameDecoder;
import io.wirelake.ingest.kafka.SegmentEncoder;
import io.wirelake.ingest.kafka.SegmentProducer;
import io.wirelake.schemas.Segment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A capture sent through the sniffer path (decode, encode as {@link Segment}, {@link SegmentProducer}) in a few
 * Kafka transactions that the caller spaces out in time, so that a failure can be made to happen mid-stream.
 */
final class CaptureChunks implements AutoCloseable {
  private final List<CapturedFrame> frames = new ArrayList<>();
  private final int chunkFrames;
  private final SegmentProducer producer;
  private final FrameDecoder decoder = new FrameDecoder();
  private final SegmentEncoder encoder;
  private int next;

  CaptureChunks(Path capture, String bootstrapServers, String node, int chunks) throws IOException {
    try (CaptureReader r = CaptureReader.open(capture)) {
      for (CapturedFrame f; (f = r.next()) != null; ) {
        frames.add(f);
      }
    }
    chunkFrames = (frames.size() + chunks - 1) / chunks;
    encoder = new SegmentEncoder(node);
    producer = new SegmentProducer(bootstrapServers, "cluster-test:" + capture.getFileName() + ":" + node, 0,
        chunkFrames);
  }

  int frames() {
    return frames.size();
  }

  boolean hasMore() {
    return next < frames.size();
  }

  /** Produces and commits the next chunk (one Kafka transaction); the last one also marks the source complete. */
  void produceNext() {
    int end = Math.min(frames.size(), next + chunkFrames);
    for (; next < end; next++) {
      CapturedFrame f = frames.get(next);
      DecodedFrame d = decoder.decode(f.linkType(), f.data());
      if (d == null) {
        producer.send(null, null);
      } else {
        Segment s = encoder.toSegment(f, d);
        producer.send(s.getFlowKey().getBytes(StandardCharsets.UTF_8), encoder.encode(s));
      }
    }
    if (next == frames.size()) {
      producer.finish();
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
