package io.wirelake.lakehouse.evidence;

import io.wirelake.ingest.capture.CaptureReader;
import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.ingest.decode.DecodedFrame;
import io.wirelake.ingest.decode.FrameDecoder;
import io.wirelake.lakehouse.table.WirelakeTables;
import io.wirelake.schemas.FlowKeys;
import io.wirelake.schemas.IpAddresses;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/** A real capture's frames, decoded with the ingest readers, and the segments rows they make. */
final class CaptureRows {

  /** One original frame with its decoded addressing and the node the tests assign to its flow. */
  record Frame(long tsMicros, int linkType, byte[] data, int origLen, String node, String flowId,
      String srcIp, int srcPort, String dstIp, int dstPort) {
    Instant ts() {
      return Instant.EPOCH.plus(tsMicros, ChronoUnit.MICROS);
    }
  }

  static Path shared(String relative) {
    return Path.of(System.getProperty("wirelake.shared", "../../shared")).resolve(relative);
  }

  /** The TCP/UDP frames of a capture; flows whose client port is 2 mod 4 are on node-b, the others on node-a. */
  static List<Frame> read(Path capture) throws IOException {
    List<Frame> frames = new ArrayList<>();
    FrameDecoder decoder = new FrameDecoder();
    try (CaptureReader reader = CaptureReader.open(capture)) {
      for (CapturedFrame f; (f = reader.next()) != null; ) {
        DecodedFrame d = decoder.decode(f.linkType(), f.data());
        if (d == null) {
          continue;
        }
        String key = FlowKeys.canonical(d.l4Protocol(), d.srcIp(), d.srcPort(), d.dstIp(), d.dstPort());
        String node = Math.max(d.srcPort(), d.dstPort()) % 4 == 2 ? "node-b" : "node-a";
        frames.add(new Frame(f.tsMicros(), f.linkType(), f.data(), f.origLen(), node, key,
            IpAddresses.format(d.srcIp()), d.srcPort(), IpAddresses.format(d.dstIp()), d.dstPort()));
      }
    }
    return frames;
  }

  static List<Record> segments(List<Frame> frames) {
    List<Record> rows = new ArrayList<>();
    for (Frame f : frames) {
      Record r = GenericRecord.create(WirelakeTables.segmentsSchema());
      r.setField("ts", OffsetDateTime.ofInstant(f.ts(), ZoneOffset.UTC));
      r.setField("node", f.node());
      r.setField("iface", "eth0");
      r.setField("link_type", f.linkType());
      r.setField("flow_id", f.flowId());
      r.setField("ip_version", 4);
      r.setField("src_ip", f.srcIp());
      r.setField("dst_ip", f.dstIp());
      r.setField("src_port", f.srcPort());
      r.setField("dst_port", f.dstPort());
      r.setField("l4_protocol", 6);
      r.setField("frame", ByteBuffer.wrap(f.data()));
      r.setField("orig_len", f.origLen());
      rows.add(r);
    }
    return rows;
  }

  /** A call on the flow from clientPort to 8080 at {@code ts}. */
  static Record call(String id, String flowId, String node, int clientPort, Instant ts, byte[] body) {
    Record r = GenericRecord.create(WirelakeTables.l7TransactionsSchema());
    r.setField("id", id);
    r.setField("flow_id", flowId);
    r.setField("node", node);
    r.setField("protocol", "http/1.1");
    r.setField("client_ip", "127.0.0.1");
    r.setField("client_port", clientPort);
    r.setField("server_ip", "127.0.0.1");
    r.setField("server_port", 8080);
    r.setField("request_ts", OffsetDateTime.ofInstant(ts, ZoneOffset.UTC));
    r.setField("method", "GET");
    r.setField("path", "/");
    r.setField("status", 200);
    r.setField("request_headers", java.util.Map.of("host", "localhost:8080", "accept", "*/*"));
    r.setField("response_body", ByteBuffer.wrap(body));
    r.setField("has_authorization", false);
    return r;
  }

  private CaptureRows() {}
}
