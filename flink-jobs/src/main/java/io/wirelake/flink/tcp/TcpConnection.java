package io.wirelake.flink.tcp;

import io.wirelake.flink.l7.L7Context;
import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.l7.L7Recognizer;
import io.wirelake.flink.l7.L7Registry;
import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.schemas.IpAddresses;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * One TCP connection: endpoints and roles, handshake timing, counters, both directions' reassembly and the
 * L7 dissector the reassembled bytes feed. Created and ended by {@link FlowTracker}.
 *
 * <p>Client is the SYN sender (the SYN-ACK receiver); without either, the endpoint with the higher port (the
 * ground truth's rule). Bytes are TCP payload lengths per the IP header of every packet, retransmissions
 * included (tshark's {@code tcp.len} sums); packets are all packets of the connection.
 *
 * <p>Plain mutable state, Kryo-serializable. The sink is only held (transient) during a call.
 */
public final class TcpConnection implements ReassemblySink, L7Context {
  static final int L7_UNDECIDED = 0;
  static final int L7_ACTIVE = 1;
  static final int L7_NONE = 2;

  private String flowId;
  private String node;
  private String flowKey;
  private byte[] clientIp;
  private int clientPort;
  private byte[] serverIp;
  private int serverPort;
  private String clientIpText;
  private String serverIpText;
  private long startTs;
  private long lastTs;
  private DissectionConfig config;

  private HandshakeTracker handshake = new HandshakeTracker();
  private long clientIsn = -1;
  private TcpReassembler c2s = new TcpReassembler(L7Dissector.C2S);
  private TcpReassembler s2c = new TcpReassembler(L7Dissector.S2C);
  private long bytesC2s;
  private long bytesS2c;
  private long packetsC2s;
  private long packetsS2c;
  private boolean rstSeen;
  private boolean c2sFinAcked;
  private boolean s2cFinAcked;
  private long bothFinsTs = -1;
  private boolean ended;
  private String closeReason;

  private int l7State = L7_UNDECIDED;
  private L7Dissector dissector;
  private String l7Protocol;
  private byte[][] prefix = new byte[2][];
  private int[] prefixLen = new int[2];
  private long txSeq;

  private transient FlowSink out;

  TcpConnection() {}

  /** Opens a connection with {@code p} as its first packet (not yet processed). */
  public static TcpConnection open(Packet p, DissectionConfig config) {
    TcpConnection c = new TcpConnection();
    c.config = config;
    c.node = p.node();
    c.flowKey = p.flowKey();
    boolean synOnly = p.has(Packet.SYN) && !p.has(Packet.ACK);
    boolean synAck = p.has(Packet.SYN) && p.has(Packet.ACK);
    boolean srcIsClient;
    if (synOnly) {
      srcIsClient = true;
    } else if (synAck) {
      srcIsClient = false;
    } else if (p.srcPort() != p.dstPort()) {
      srcIsClient = p.srcPort() > p.dstPort();
    } else {
      srcIsClient = true;
    }
    if (srcIsClient) {
      c.clientIp = p.srcIp();
      c.clientPort = p.srcPort();
      c.serverIp = p.dstIp();
      c.serverPort = p.dstPort();
    } else {
      c.clientIp = p.dstIp();
      c.clientPort = p.dstPort();
      c.serverIp = p.srcIp();
      c.serverPort = p.srcPort();
    }
    c.clientIpText = IpAddresses.format(c.clientIp);
    c.serverIpText = IpAddresses.format(c.serverIp);
    c.startTs = p.tsMicros();
    c.lastTs = p.tsMicros();
    c.flowId = flowId(c.node, c.flowKey, c.startTs);
    return c;
  }

  /** Deterministic flow id: the first 8 bytes of SHA-256(node | flow key | start ts) in hex. */
  public static String flowId(String node, String flowKey, long startTs) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] h = md.digest((node + "|" + flowKey + "|" + startTs).getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder(16);
      for (int i = 0; i < 8; i++) {
        sb.append(Character.forDigit((h[i] >> 4) & 0xf, 16)).append(Character.forDigit(h[i] & 0xf, 16));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public int directionOf(Packet p) {
    return p.srcPort() == clientPort && Arrays.equals(p.srcIp(), clientIp) ? L7Dissector.C2S : L7Dissector.S2C;
  }

  /** True if {@code p}, a SYN, starts a new connection on this flow key instead of belonging to this one. */
  boolean isNewConnectionSyn(Packet p) {
    if (!p.has(Packet.SYN) || p.has(Packet.ACK)) {
      return false;
    }
    if (rstSeen || c2s.finSeen() || s2c.finSeen()) {
      return true;
    }
    if (directionOf(p) != L7Dissector.C2S) {
      return handshake.complete();
    }
    return clientIsn >= 0 ? clientIsn != p.seq() && handshake.complete() : handshake.complete();
  }

  /** Processes one packet of this connection; returns true if the connection ended with it. */
  public boolean onPacket(Packet p, FlowSink sink) {
    out = sink;
    try {
      return process(p);
    } finally {
      out = null;
    }
  }

  private boolean process(Packet p) {
    int dir = directionOf(p);
    long ts = p.tsMicros();
    if (ts > lastTs) {
      lastTs = ts;
    }
    int flags = p.tcpFlags();
    if (dir == L7Dissector.C2S) {
      packetsC2s++;
      bytesC2s += Math.max(0, p.payloadLength());
    } else {
      packetsS2c++;
      bytesS2c += Math.max(0, p.payloadLength());
    }
    handshake.onPacket(flags, ts);
    TcpReassembler r = dir == L7Dissector.C2S ? c2s : s2c;
    TcpReassembler other = dir == L7Dissector.C2S ? s2c : c2s;
    boolean syn = (flags & Packet.SYN) != 0;
    boolean ack = (flags & Packet.ACK) != 0;
    boolean fin = (flags & Packet.FIN) != 0;
    long seq = p.seq();
    if (syn) {
      if (dir == L7Dissector.C2S && !ack && clientIsn < 0) {
        clientIsn = seq;
      }
      seq = (seq + 1) & 0xffffffffL;
      r.init(seq);
    }
    if (ack && !other.isInitialized()) {
      other.init(p.ack());
    }
    int len = p.capturedPayload();
    if (len > 0 || fin) {
      r.onSegment(seq, fin, p.frame(), p.payloadOffset(), len, ts, this);
      enforceCap(ts);
    }
    if ((flags & Packet.RST) != 0) {
      rstSeen = true;
      finish(L4Flow.CLOSE_RST);
      return true;
    }
    if (ack && other.finAcked(p.ack())) {
      if (dir == L7Dissector.C2S) {
        s2cFinAcked = true;
      } else {
        c2sFinAcked = true;
      }
    }
    if (c2s.finSeen() && s2c.finSeen()) {
      if (bothFinsTs < 0) {
        bothFinsTs = ts;
      }
      if (c2sFinAcked && s2cFinAcked) {
        finish(L4Flow.CLOSE_FIN);
        return true;
      }
    }
    return false;
  }

  private void enforceCap(long ts) {
    long cap = config.maxBufferedBytesPerConnection();
    while (c2s.bufferedBytes() + s2c.bufferedBytes() > cap) {
      if (!skipOldestGap(ts)) {
        break;
      }
    }
  }

  /** Skips the first hole of the direction buffering more; false if nothing is buffered. */
  boolean skipOldestGap(long ts) {
    TcpReassembler r = c2s.bufferedBytes() >= s2c.bufferedBytes() ? c2s : s2c;
    if (r.bufferedBytes() == 0) {
      return false;
    }
    return r.skipGap(ts, this);
  }

  /** Skips a hole to satisfy a total cap (called by the tracker). */
  boolean skipOldestGap(long ts, FlowSink sink) {
    out = sink;
    try {
      return skipOldestGap(ts);
    } finally {
      out = null;
    }
  }

  /** Earliest event time at which {@link #onTimer} has something to do. */
  public long nextTimerMicros() {
    long t = satAdd(lastTs, config.idleTimeoutMicros());
    t = Math.min(t, c2s.holeDeadline(config.gapTimeoutMicros()));
    t = Math.min(t, s2c.holeDeadline(config.gapTimeoutMicros()));
    if (bothFinsTs >= 0) {
      t = Math.min(t, satAdd(bothFinsTs, config.finWaitMicros()));
    }
    return t;
  }

  long idleDeadline() {
    return satAdd(lastTs, config.idleTimeoutMicros());
  }

  private static long satAdd(long a, long b) {
    long r = a + b;
    return r < a ? Long.MAX_VALUE : r;
  }

  /** Event time advanced to {@code now}: gap timeouts, FIN wait, idle timeout. Returns true if it ended. */
  public boolean onTimer(long now, FlowSink sink) {
    out = sink;
    try {
      c2s.onTimer(now, config.gapTimeoutMicros(), this);
      s2c.onTimer(now, config.gapTimeoutMicros(), this);
      if (bothFinsTs >= 0 && now >= satAdd(bothFinsTs, config.finWaitMicros())) {
        finish(L4Flow.CLOSE_FIN);
        return true;
      }
      if (now >= idleDeadline()) {
        finish(L4Flow.CLOSE_TIMEOUT);
        return true;
      }
      return false;
    } finally {
      out = null;
    }
  }

  /** Ends the connection now, with {@code fin} if both FINs were seen, else {@code reason}. */
  public void end(String reason, FlowSink sink) {
    out = sink;
    try {
      finish(c2s.finSeen() && s2c.finSeen() ? L4Flow.CLOSE_FIN : reason);
    } finally {
      out = null;
    }
  }

  private void finish(String reason) {
    if (ended) {
      return;
    }
    ended = true;
    closeReason = reason;
    c2s.flush(lastTs, this);
    s2c.flush(lastTs, this);
    if (dissector != null) {
      dissector.onClose(lastTs, this);
    }
    out.flow(toFlow());
    release();
  }

  private void release() {
    c2s.release();
    s2c.release();
    dissector = null;
    prefix[0] = null;
    prefix[1] = null;
    prefixLen[0] = 0;
    prefixLen[1] = 0;
  }

  public L4Flow toFlow() {
    return new L4Flow(flowId, node, clientIpText, clientPort, serverIpText, serverPort, startTs, lastTs,
        handshake.synToSynackUs(), handshake.handshakeRttUs(), bytesC2s, bytesS2c, packetsC2s, packetsS2c,
        c2s.retransmissions() + s2c.retransmissions(), c2s.outOfOrder() + s2c.outOfOrder(),
        closeReason == null ? L4Flow.CLOSE_OPEN : closeReason, l7Protocol);
  }

  // ---- ReassemblySink: reassembled bytes to the L7 dissector ----

  @Override
  public void onData(int direction, byte[] buf, int off, int len, long tsMicros) {
    if (l7State == L7_ACTIVE) {
      dissector.onData(direction, buf, off, len, tsMicros, this);
      return;
    }
    if (l7State == L7_NONE || len <= 0) {
      return;
    }
    if (prefixLen[direction] == 0) {
      L7Recognizer r = L7Registry.find(direction, buf, off, len);
      if (r != null) {
        activate(r, direction, tsMicros);
        dissector.onData(direction, buf, off, len, tsMicros, this);
      } else if (L7Registry.needMore(direction, buf, off, len)) {
        prefix[direction] = Arrays.copyOfRange(buf, off, off + len);
        prefixLen[direction] = len;
      } else {
        giveUpL7();
      }
      return;
    }
    byte[] b = prefix[direction];
    int n = prefixLen[direction];
    if (b.length < n + len) {
      b = Arrays.copyOf(b, n + len);
    }
    System.arraycopy(buf, off, b, n, len);
    prefix[direction] = b;
    prefixLen[direction] = n + len;
    L7Recognizer r = L7Registry.find(direction, b, 0, n + len);
    if (r != null) {
      prefix[direction] = null;
      prefixLen[direction] = 0;
      activate(r, direction, tsMicros);
      dissector.onData(direction, b, 0, n + len, tsMicros, this);
    } else if (!L7Registry.needMore(direction, b, 0, n + len)) {
      giveUpL7();
    }
  }

  private void activate(L7Recognizer r, int direction, long ts) {
    dissector = r.create(config);
    l7Protocol = dissector.protocol();
    l7State = L7_ACTIVE;
    int o = 1 - direction;
    if (prefixLen[o] > 0) {
      byte[] b = prefix[o];
      int n = prefixLen[o];
      prefix[o] = null;
      prefixLen[o] = 0;
      dissector.onData(o, b, 0, n, ts, this);
    }
  }

  private void giveUpL7() {
    l7State = L7_NONE;
    prefix[0] = null;
    prefix[1] = null;
    prefixLen[0] = 0;
    prefixLen[1] = 0;
  }

  @Override
  public void onGap(int direction, long bytes, long tsMicros) {
    if (l7State == L7_ACTIVE) {
      dissector.onGap(direction, bytes, tsMicros, this);
    } else if (l7State == L7_UNDECIDED) {
      giveUpL7();
    }
  }

  @Override
  public void onEnd(int direction, long tsMicros) {
    if (l7State == L7_ACTIVE) {
      dissector.onFin(direction, tsMicros, this);
    }
  }

  // ---- L7Context ----

  @Override
  public String flowId() {
    return flowId;
  }

  @Override
  public String node() {
    return node;
  }

  @Override
  public String clientIp() {
    return clientIpText;
  }

  @Override
  public int clientPort() {
    return clientPort;
  }

  @Override
  public String serverIp() {
    return serverIpText;
  }

  @Override
  public int serverPort() {
    return serverPort;
  }

  @Override
  public DissectionConfig config() {
    return config;
  }

  @Override
  public long nextTransactionSeq() {
    return ++txSeq;
  }

  @Override
  public void emit(L7Transaction transaction) {
    out.transaction(transaction);
  }

  // ---- inspection ----

  public boolean isEnded() {
    return ended;
  }

  /** fin, rst, timeout or open once ended; null before. */
  public String closeReason() {
    return closeReason;
  }

  public long startTs() {
    return startTs;
  }

  public long lastTs() {
    return lastTs;
  }

  public String l7Protocol() {
    return l7Protocol;
  }

  public HandshakeTracker handshake() {
    return handshake;
  }

  public TcpReassembler reassembler(int direction) {
    return direction == L7Dissector.C2S ? c2s : s2c;
  }

  /** Bytes held: out-of-order segments of both directions, recognition prefixes and the dissector's buffers. */
  public long bufferedBytes() {
    long b = c2s.bufferedBytes() + s2c.bufferedBytes() + prefixLen[0] + prefixLen[1];
    if (dissector != null) {
      b += dissector.bufferedBytes();
    }
    return b;
  }
}
