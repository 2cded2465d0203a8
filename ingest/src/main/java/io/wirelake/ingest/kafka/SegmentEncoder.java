package io.wirelake.ingest.kafka;

import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.ingest.decode.DecodedFrame;
import io.wirelake.schemas.FlowKeys;
import io.wirelake.schemas.Segment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.message.BinaryMessageEncoder;

/** Turns a captured, decoded frame into a {@link Segment} in Avro single-object encoding. Not thread-safe. */
public final class SegmentEncoder {
  private final String node;
  private final BinaryMessageEncoder<Segment> encoder = Segment.getEncoder();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
  private final Segment segment = new Segment();

  public SegmentEncoder(String node) {
    this.node = node;
  }

  /** The record for a frame; {@code flowKey} is set on it. */
  public Segment toSegment(CapturedFrame frame, DecodedFrame d) {
    Segment s = segment;
    s.setTs(java.time.Instant.ofEpochSecond(0, frame.tsMicros() * 1000L));
    s.setNode(node);
    s.setIface(frame.iface() == null ? "" : frame.iface());
    s.setLinkType(frame.linkType());
    s.setFrame(ByteBuffer.wrap(frame.data()));
    s.setOrigLen(frame.origLen());
    s.setIpVersion(d.ipVersion());
    s.setSrcIp(ByteBuffer.wrap(d.srcIp()));
    s.setDstIp(ByteBuffer.wrap(d.dstIp()));
    s.setSrcPort(d.srcPort());
    s.setDstPort(d.dstPort());
    s.setL4Protocol(d.l4Protocol());
    s.setTcpFlags(d.tcpFlags());
    s.setSeq(d.seq());
    s.setAck(d.ack());
    s.setWindow(d.window());
    s.setPayloadOffset(d.payloadOffset());
    s.setPayloadLength(d.payloadLength());
    s.setFlowKey(FlowKeys.canonical(d.l4Protocol(), d.srcIp(), d.srcPort(), d.dstIp(), d.dstPort()));
    return s;
  }

  /** Single-object encoding of the record (schema fingerprint header, then the Avro binary body). */
  public byte[] encode(Segment s) {
    out.reset();
    try {
      encoder.encode(s, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
