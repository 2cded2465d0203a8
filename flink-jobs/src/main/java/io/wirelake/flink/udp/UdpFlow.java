package io.wirelake.flink.udp;

import io.wirelake.flink.l7.L7Context;
import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.model.L7Transaction;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.tcp.DissectionConfig;
import io.wirelake.flink.tcp.FlowSink;
import io.wirelake.flink.tcp.TcpConnection;
import io.wirelake.schemas.IpAddresses;
import java.util.Arrays;

/**
 * The UDP state of one canonical flow key: a "session" of datagrams dissected by the protocol the first
 * recognised datagram revealed (DNS), which fixes client (the requester) and server. It holds nothing for
 * datagrams no recognizer accepts, nor for datagrams to multicast or broadcast addresses (no request/response
 * pairing there). A session ends when nothing is pending and no datagram came for {@link #IDLE_MICROS}; the
 * next datagram starts a new one (new flow id). UDP sessions produce no {@code l4_flows} rows, only
 * transactions.
 *
 * <p>Owned by {@link io.wirelake.flink.tcp.FlowTracker}; every call returns true when the session ended and the
 * state may be dropped. Timeouts are also applied at the time of each datagram, so results do not depend on when
 * timers fire. Plain mutable state, Kryo-serializable; the sink is only held (transient) during a call.
 */
public final class UdpFlow implements L7Context {
  /** A session with nothing pending ends after this long without datagrams (late duplicates are absorbed until). */
  public static final long IDLE_MICROS = 5_000_000L;

  private DissectionConfig config;
  private String flowId;
  private String node;
  private byte[] clientIp;
  private int clientPort;
  private String clientIpText;
  private String serverIpText;
  private int serverPort;
  private long lastTs;
  private DatagramDissector dissector;
  private long txSeq;
  private long datagrams;

  private transient FlowSink out;

  UdpFlow() {}

  public UdpFlow(DissectionConfig config) {
    this.config = config;
  }

  /** Processes one UDP datagram of this flow key; returns true if nothing needs to be kept afterwards. */
  public boolean onDatagram(Packet p, FlowSink sink) {
    out = sink;
    try {
      long ts = p.tsMicros();
      if (dissector != null && expire(ts)) {
        dissector = null;
      }
      int len = p.capturedPayload();
      if (dissector == null && !start(p, len)) {
        return true;
      }
      lastTs = Math.max(lastTs, ts);
      datagrams++;
      dissector.onDatagram(directionOf(p), p.frame(), p.payloadOffset(), len, ts, this);
      return false;
    } finally {
      out = null;
    }
  }

  /** Recognises the first datagram of a session and fixes the roles; false if it is not dissected. */
  private boolean start(Packet p, int len) {
    if (isGroupAddress(p.dstIp())) {
      return false;
    }
    int found = UdpRegistry.find(p.frame(), p.payloadOffset(), len);
    if (found < 0) {
      return false;
    }
    boolean srcIsClient = UdpRegistry.verdict(found) == DatagramRecognizer.FROM_CLIENT;
    clientIp = srcIsClient ? p.srcIp() : p.dstIp();
    clientPort = srcIsClient ? p.srcPort() : p.dstPort();
    byte[] serverIp = srcIsClient ? p.dstIp() : p.srcIp();
    serverPort = srcIsClient ? p.dstPort() : p.srcPort();
    clientIpText = IpAddresses.format(clientIp);
    serverIpText = IpAddresses.format(serverIp);
    node = p.node();
    flowId = TcpConnection.flowId(node, p.flowKey(), p.tsMicros());
    lastTs = p.tsMicros();
    txSeq = 0;
    datagrams = 0;
    dissector = UdpRegistry.recognizer(found).create(config);
    return true;
  }

  /** Multicast (224/4, ff00::/8) and the limited broadcast address. */
  static boolean isGroupAddress(byte[] ip) {
    return ip.length == 4 ? (ip[0] & 0xf0) == 0xe0 || (ip[0] & 0xff) == 0xff : (ip[0] & 0xff) == 0xff;
  }

  private int directionOf(Packet p) {
    return p.srcPort() == clientPort && Arrays.equals(p.srcIp(), clientIp) ? L7Dissector.C2S : L7Dissector.S2C;
  }

  /** Applies timeouts up to {@code now}; true if the session is over. */
  private boolean expire(long now) {
    if (dissector.nextTimerMicros() <= now) {
      dissector.onTimer(now, this);
    }
    return !dissector.hasPending() && now >= idleDeadline();
  }

  private long idleDeadline() {
    long t = lastTs + IDLE_MICROS;
    return t < lastTs ? Long.MAX_VALUE : t;
  }

  /** Event time reached {@code nowMicros}; returns true if the session ended. */
  public boolean onTimer(long nowMicros, FlowSink sink) {
    if (dissector == null) {
      return true;
    }
    out = sink;
    try {
      if (expire(nowMicros)) {
        dissector = null;
        return true;
      }
      return false;
    } finally {
      out = null;
    }
  }

  /** Earliest event time at which {@link #onTimer} has work, or Long.MAX_VALUE. */
  public long nextTimerMicros() {
    if (dissector == null) {
      return Long.MAX_VALUE;
    }
    long t = dissector.nextTimerMicros();
    return dissector.hasPending() ? t : Math.min(t, idleDeadline());
  }

  /** End of input: outstanding requests are emitted unanswered. */
  public void flush(FlowSink sink) {
    if (dissector == null) {
      return;
    }
    out = sink;
    try {
      dissector.flush(lastTs, this);
      dissector = null;
    } finally {
      out = null;
    }
  }

  public long bufferedBytes() {
    return dissector == null ? 0 : dissector.bufferedBytes();
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

  /** The protocol of the current session, or null. */
  public String l7Protocol() {
    return dissector == null ? null : dissector.protocol();
  }

  public long datagrams() {
    return datagrams;
  }
}
