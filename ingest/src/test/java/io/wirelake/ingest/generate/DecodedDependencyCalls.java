package io.wirelake.ingest.generate;

import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.ingest.decode.DecodedFrame;
import io.wirelake.ingest.decode.FrameDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls to redis-cache, postgres and kube-dns recovered from frames alone, independently of the
 * generator: TCP streams are reassembled per direction from their SYN on (the generator never
 * reorders or retransmits), RESP and PostgreSQL messages are parsed from the streams, DNS
 * messages from UDP datagrams to and from port 53.
 */
final class DecodedDependencyCalls {

  /** One call as seen on the wire: who made it, when, and what came back. */
  record Call(String protocol, String clientIp, long ts, String request, String reply) {}

  /** A TCP connection's two byte streams and the time of each client segment. */
  private static final class Stream {
    final String clientIp;
    final int serverPort;
    final ByteArrayOutputStream client = new ByteArrayOutputStream();
    final ByteArrayOutputStream server = new ByteArrayOutputStream();
    final List<long[]> clientSegments = new ArrayList<>();
    final List<long[]> serverSegments = new ArrayList<>();

    Stream(String clientIp, int serverPort) {
      this.clientIp = clientIp;
      this.serverPort = serverPort;
    }
  }

  private final FrameDecoder decoder = new FrameDecoder();
  private final Map<String, Stream> streams = new LinkedHashMap<>();
  private final Map<String, Call> dnsPending = new HashMap<>();
  final List<Call> calls = new ArrayList<>();
  long dnsResponses;
  long nxdomains;

  static DecodedDependencyCalls of(Iterator<CapturedFrame> frames) {
    DecodedDependencyCalls d = new DecodedDependencyCalls();
    while (frames.hasNext()) {
      d.accept(frames.next());
    }
    d.streams.values().forEach(d::parse);
    return d;
  }

  private void accept(CapturedFrame f) {
    DecodedFrame d = decoder.decode(f.linkType(), f.data());
    String src = DecodedExchanges.ip(d.srcIp()) + ":" + d.srcPort();
    String dst = DecodedExchanges.ip(d.dstIp()) + ":" + d.dstPort();
    if (d.l4Protocol() == 17) {
      datagram(f, d);
      return;
    }
    if ((d.tcpFlags() & 0x12) == 0x02 && (d.dstPort() == 6379 || d.dstPort() == 5432)) {
      streams.put(src + ">" + dst, new Stream(DecodedExchanges.ip(d.srcIp()), d.dstPort()));
      return;
    }
    if (d.payloadLength() == 0) {
      return;
    }
    Stream s = streams.get(src + ">" + dst);
    boolean fromClient = s != null;
    if (s == null) {
      s = streams.get(dst + ">" + src);
    }
    if (s == null) {
      return;
    }
    ByteArrayOutputStream out = fromClient ? s.client : s.server;
    (fromClient ? s.clientSegments : s.serverSegments).add(new long[] {out.size(), f.tsMicros()});
    out.write(f.data(), d.payloadOffset(), d.payloadLength());
  }

  private void datagram(CapturedFrame f, DecodedFrame d) {
    byte[] b = Arrays.copyOfRange(f.data(), d.payloadOffset(),
        d.payloadOffset() + d.payloadLength());
    int id = u16(b, 0);
    boolean response = (b[2] & 0x80) != 0;
    String name = qname(b);
    if (!response && d.dstPort() == 53) {
      String key = DecodedExchanges.ip(d.srcIp()) + ":" + d.srcPort() + "#" + id;
      dnsPending.put(key, new Call("dns", DecodedExchanges.ip(d.srcIp()), f.tsMicros(), name,
          null));
    } else if (response && d.srcPort() == 53) {
      Call q = dnsPending.remove(DecodedExchanges.ip(d.dstIp()) + ":" + d.dstPort() + "#" + id);
      int rcode = b[3] & 0x0f;
      nxdomains += rcode == 3 ? 1 : 0;
      dnsResponses++;
      calls.add(new Call("dns", q.clientIp(), q.ts(), q.request(),
          rcode == 3 ? "NXDOMAIN" : "answers=" + u16(b, 6) + "@" + (f.tsMicros() - q.ts())));
    }
  }

  private void parse(Stream s) {
    if (s.serverPort == 6379) {
      resp(s);
    } else {
      postgres(s);
    }
  }

  /** RESP: every client message is an array of bulk strings; every reply one RESP value. */
  private void resp(Stream s) {
    byte[] c = s.client.toByteArray();
    byte[] r = s.server.toByteArray();
    int[] cp = {0};
    int[] rp = {0};
    while (cp[0] < c.length) {
      long ts = timeAt(s.clientSegments, cp[0]);
      String command = array(c, cp);
      String reply = value(r, rp);
      calls.add(new Call("redis", s.clientIp, ts, command, reply + "@"
          + (timeAt(s.serverSegments, rp[0] - 1) - ts)));
    }
    if (rp[0] != r.length) {
      throw new IllegalStateException("replies left over");
    }
  }

  private static String array(byte[] b, int[] p) {
    if (b[p[0]] != '*') {
      throw new IllegalStateException("not a RESP array at " + p[0]);
    }
    int n = Integer.parseInt(line(b, p).substring(1));
    StringBuilder words = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String header = line(b, p);
      int len = Integer.parseInt(header.substring(1));
      words.append(i == 0 ? "" : " ")
          .append(new String(b, p[0], len, StandardCharsets.UTF_8));
      p[0] += len + 2;
    }
    return words.toString();
  }

  private static String value(byte[] b, int[] p) {
    String header = line(b, p);
    if (header.charAt(0) == '$') {
      int len = Integer.parseInt(header.substring(1));
      if (len >= 0) {
        p[0] += len + 2;
      }
    }
    return header;
  }

  private static String line(byte[] b, int[] p) {
    int start = p[0];
    while (b[p[0]] != '\r' || b[p[0] + 1] != '\n') {
      p[0]++;
    }
    String s = new String(b, start, p[0] - start, StandardCharsets.UTF_8);
    p[0] += 2;
    return s;
  }

  /** PostgreSQL: a StartupMessage, then typed messages; each Query ends at a ReadyForQuery. */
  private void postgres(Stream s) {
    byte[] c = s.client.toByteArray();
    byte[] r = s.server.toByteArray();
    if (int32(c, 4) != 196_608) {
      throw new IllegalStateException("no StartupMessage");
    }
    int cp = int32(c, 0);
    int rp = 0;
    while (rp < r.length && r[rp] != 'Z') {
      rp += 1 + int32(r, rp + 1);
    }
    rp += 1 + int32(r, rp + 1);
    while (cp < c.length) {
      char type = (char) c[cp];
      int len = int32(c, cp + 1);
      if (type == 'Q') {
        long ts = timeAt(s.clientSegments, cp);
        String sql = new String(c, cp + 5, len - 5, StandardCharsets.UTF_8);
        StringBuilder reply = new StringBuilder();
        while (r[rp] != 'Z') {
          reply.append((char) r[rp]);
          if (r[rp] == 'C' || r[rp] == 'E') {
            reply.append('[').append(fields(r, rp)).append(']');
          }
          rp += 1 + int32(r, rp + 1);
        }
        rp += 1 + int32(r, rp + 1);
        calls.add(new Call("postgres", s.clientIp, ts, sql,
            reply + "@" + (timeAt(s.serverSegments, rp - 1) - ts)));
      } else if (type != 'X') {
        throw new IllegalStateException("unexpected client message " + type);
      }
      cp += 1 + len;
    }
    if (rp != r.length) {
      throw new IllegalStateException("server messages left over");
    }
  }

  /** CommandComplete's tag, or an ErrorResponse's SQLSTATE. */
  private static String fields(byte[] r, int p) {
    int end = p + 1 + int32(r, p + 1);
    if (r[p] == 'C') {
      return new String(r, p + 5, end - p - 6, StandardCharsets.UTF_8);
    }
    for (int i = p + 5; i < end && r[i] != 0; ) {
      int z = i + 1;
      while (r[z] != 0) {
        z++;
      }
      if (r[i] == 'C') {
        return new String(r, i + 1, z - i - 1, StandardCharsets.UTF_8);
      }
      i = z + 1;
    }
    return "?";
  }

  /** The capture time of the segment that carried stream offset {@code offset}. */
  private static long timeAt(List<long[]> segments, long offset) {
    long ts = -1;
    for (long[] s : segments) {
      if (s[0] > offset) {
        break;
      }
      ts = s[1];
    }
    return ts;
  }

  private static String qname(byte[] b) {
    StringBuilder name = new StringBuilder();
    for (int p = 12; b[p] != 0; p += 1 + b[p]) {
      name.append(name.length() == 0 ? "" : ".")
          .append(new String(b, p + 1, b[p], StandardCharsets.US_ASCII));
    }
    return name.toString();
  }

  private static int u16(byte[] b, int p) {
    return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
  }

  private static int int32(byte[] b, int p) {
    return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8
        | (b[p + 3] & 0xff);
  }
}
