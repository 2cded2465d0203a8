package io.wirelake.cli.pipeline;

import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.ingest.decode.DecodedFrame;
import io.wirelake.ingest.decode.FrameDecoder;
import io.wirelake.ingest.kafka.IngestLog;
import io.wirelake.ingest.kafka.SegmentEncoder;
import io.wirelake.ingest.kafka.SegmentProducer;
import io.wirelake.schemas.Segment;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.LongConsumer;

/**
 * Sends the frames of one source (a capture file, a generator run) through the sniffer path: decode,
 * encode as {@link Segment}, produce exactly once. A source already complete in the ingest log is skipped;
 * one that was interrupted resumes after its last committed chunk.
 */
public final class SourceProducer {
  private static final int CHUNK_FRAMES = 50_000;

  private SourceProducer() {}

  /** Counts of one source's replay. */
  public record Result(long frames, long produced, long skippedAsCommitted, boolean alreadyComplete,
      long notTcpOrUdp) {}

  /**
   * @param frames the source's frames in capture order (the same order every time)
   * @param progress called with the number of frames handled so far, every few thousand frames
   */
  public static Result produce(String bootstrapServers, String sourceId, String node, Iterator<CapturedFrame> frames,
      LongConsumer progress) {
    IngestLog.Progress committed = IngestLog.committed(bootstrapServers, sourceId);
    if (committed.complete()) {
      return new Result(committed.frames(), 0, committed.frames(), true, 0);
    }
    FrameDecoder decoder = new FrameDecoder();
    SegmentEncoder encoder = new SegmentEncoder(node);
    long seen = 0;
    long produced = 0;
    long other = 0;
    try (SegmentProducer producer = new SegmentProducer(bootstrapServers, sourceId, committed.frames(), CHUNK_FRAMES)) {
      while (frames.hasNext()) {
        CapturedFrame f = frames.next();
        if (seen++ < committed.frames()) {
          continue;
        }
        DecodedFrame d = decoder.decode(f.linkType(), f.data());
        if (d == null) {
          other++;
          producer.send(null, null);
        } else {
          Segment s = encoder.toSegment(f, d);
          producer.send(s.getFlowKey().getBytes(StandardCharsets.UTF_8), encoder.encode(s));
          produced++;
        }
        if ((seen & 0xfff) == 0) {
          progress.accept(seen);
        }
      }
      producer.finish();
    }
    progress.accept(seen);
    return new Result(seen, produced, committed.frames(), false, other);
  }
}
