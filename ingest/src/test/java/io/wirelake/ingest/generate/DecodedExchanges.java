package io.wirelake.ingest.generate;

import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.ingest.decode.DecodedFrame;
import io.wirelake.ingest.decode.FrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP exchanges recovered from frames alone, independently of the generator: connections are
 * told apart by their SYN, request lines and status lines are parsed from the first segment of
 * each message, and responses are paired with requests per connection in order.
 */
final class DecodedExchanges {

  private static final Pattern REQUEST_LINE =
      Pattern.compile("^(GET|POST|PUT|DELETE) (\\S+) HTTP/1\\.1\r\n");
  private static final Pattern HOST = Pattern.compile("\r\nHost: ([a-z0-9-]+)\\.");
  private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ");

  /** One request and its response, as seen on the wire. */
  record Exchange(long requestTs, long responseTs, String clientIp, String serverIp,
      String service, String method, String route, int status) {

    long latency() {
      return responseTs - requestTs;
    }
  }

  private record Pending(long ts, String service, String method, String route) {}

  private final FrameDecoder decoder = new FrameDecoder();
  private final Map<String, ArrayDeque<Pending>> pending = new HashMap<>();
  private final List<Exchange> exchanges = new ArrayList<>();

  static List<Exchange> of(Iterator<CapturedFrame> frames) {
    DecodedExchanges d = new DecodedExchanges();
    while (frames.hasNext()) {
      d.accept(frames.next());
    }
    return d.exchanges;
  }

  private void accept(CapturedFrame f) {
    DecodedFrame d = decoder.decode(f.linkType(), f.data());
    String src = ip(d.srcIp());
    String dst = ip(d.dstIp());
    String forward = src + ":" + d.srcPort() + ">" + dst + ":" + d.dstPort();
    if ((d.tcpFlags() & 0x12) == 0x02) {
      pending.put(forward, new ArrayDeque<>());
      return;
    }
    if (d.payloadLength() == 0) {
      return;
    }
    String text = new String(f.data(), d.payloadOffset(), d.payloadLength(),
        StandardCharsets.ISO_8859_1);
    ArrayDeque<Pending> requests = pending.get(forward);
    if (requests != null) {
      Matcher m = REQUEST_LINE.matcher(text);
      if (m.find()) {
        Matcher host = HOST.matcher(text);
        requests.add(new Pending(f.tsMicros(), host.find() ? host.group(1) : null, m.group(1),
            route(m.group(2))));
      }
      return;
    }
    String reverse = dst + ":" + d.dstPort() + ">" + src + ":" + d.srcPort();
    Matcher m = STATUS_LINE.matcher(text);
    if (m.find()) {
      Pending p = pending.get(reverse).remove();
      exchanges.add(new Exchange(p.ts(), f.tsMicros(), dst, src, p.service(), p.method(),
          p.route(), Integer.parseInt(m.group(1))));
    }
  }

  /** The path with numeric segments as {id} and without the query. */
  static String route(String target) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    return path.replaceAll("/\\d+(?=/|$)", "/{id}");
  }

  static String ip(byte[] b) {
    return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
  }
}
