package io.wirelake.flink.tcp;

import io.wirelake.flink.model.L4Flow;
import io.wirelake.flink.model.Packet;
import io.wirelake.flink.udp.UdpFlow;

/**
 * All TCP state of one canonical flow key (the Flink key): the current connection and, after it ended, a
 * short linger that absorbs its stray packets (the last ACK's retransmission, a late FIN or RST) so they do
 * not start a connection of their own. A SYN (without ACK) after FIN or RST, or with a new ISN after a
 * completed handshake, starts a new connection (port reuse, as tshark's {@code tcp.stream}); a retransmitted
 * SYN during the handshake does not.
 *
 * <p>Usage from a KeyedProcessFunction: {@link #onPacket} per element, then register an event-time timer at
 * {@link #nextTimerMicros()}; {@link #onTimer} when it fires; {@link #flush} at end of input; clear the
 * keyed state when {@link #isEmpty()}. Packets must arrive in capture order per key.
 *
 * <p>UDP datagrams of the key go to its {@link UdpFlow} (datagram dissectors such as DNS; no {@code l4_flows} rows).
 *
 * <p>Plain mutable state, Kryo-serializable.
 */
public final class FlowTracker {
  private DissectionConfig config;
  private TcpConnection current;
  /** Until when stray non-SYN packets of the ended connection are absorbed; Long.MIN_VALUE for none. */
  private long lingerUntil = Long.MIN_VALUE;
  private long strayPackets;
  private long connections;
  private UdpFlow udp;

  FlowTracker() {
    this(DissectionConfig.defaults());
  }

  public FlowTracker(DissectionConfig config) {
    this.config = config;
  }

  public void onPacket(Packet p, FlowSink out) {
    if (p.protocol() == Packet.UDP) {
      UdpFlow u = udp == null ? new UdpFlow(config) : udp;
      udp = u.onDatagram(p, out) ? null : u;
      return;
    }
    if (p.protocol() != Packet.TCP) {
      return;
    }
    long ts = p.tsMicros();
    if (current != null) {
      if (ts >= current.idleDeadline()) {
        // the timer has not fired yet (watermarks lag): the old connection timed out before this packet
        current.end(L4Flow.CLOSE_TIMEOUT, out);
        endCurrent(current.lastTs(), false);
      } else if (current.isNewConnectionSyn(p)) {
        current.end(L4Flow.CLOSE_TIMEOUT, out);
        endCurrent(current.lastTs(), false);
      } else {
        if (current.onPacket(p, out)) {
          endCurrent(ts, true);
        } else {
          enforceTotalCap(ts, out);
        }
        return;
      }
    }
    boolean syn = p.has(Packet.SYN) && !p.has(Packet.ACK);
    if (!syn && ts < lingerUntil) {
      strayPackets++;
      return;
    }
    lingerUntil = Long.MIN_VALUE;
    current = TcpConnection.open(p, config);
    connections++;
    if (current.onPacket(p, out)) {
      endCurrent(ts, true);
    } else {
      enforceTotalCap(ts, out);
    }
  }

  /** Forgets the ended connection; after FIN or RST, stray packets are absorbed for a while. */
  private void endCurrent(long ts, boolean linger) {
    current = null;
    if (!linger) {
      lingerUntil = Long.MIN_VALUE;
      return;
    }
    long l = ts + config.closedLingerMicros();
    lingerUntil = l < ts ? Long.MAX_VALUE : l;
  }

  private void enforceTotalCap(long ts, FlowSink out) {
    while (current != null && current.bufferedBytes() > config.maxBufferedBytesTotal()) {
      if (!current.skipOldestGap(ts, out)) {
        break;
      }
    }
  }

  /** Event time reached {@code nowMicros}: gap and idle timeouts, FIN wait, end of linger. */
  public void onTimer(long nowMicros, FlowSink out) {
    if (current != null && current.nextTimerMicros() <= nowMicros) {
      TcpConnection c = current;
      if (c.onTimer(nowMicros, out)) {
        endCurrent(c.lastTs(), !L4Flow.CLOSE_TIMEOUT.equals(c.closeReason()));
      }
    }
    if (current == null && lingerUntil != Long.MIN_VALUE && lingerUntil <= nowMicros) {
      lingerUntil = Long.MIN_VALUE;
    }
    if (udp != null && udp.nextTimerMicros() <= nowMicros && udp.onTimer(nowMicros, out)) {
      udp = null;
    }
  }

  /** Earliest event time at which {@link #onTimer} has work, or Long.MAX_VALUE. */
  public long nextTimerMicros() {
    long t = Long.MAX_VALUE;
    if (current != null) {
      t = current.nextTimerMicros();
    } else if (lingerUntil != Long.MIN_VALUE) {
      t = lingerUntil;
    }
    if (udp != null) {
      t = Math.min(t, udp.nextTimerMicros());
    }
    return t;
  }

  /** End of input: the open connection is emitted with close reason {@code open} (or {@code fin}). */
  public void flush(FlowSink out) {
    if (current != null) {
      current.end(L4Flow.CLOSE_OPEN, out);
      current = null;
    }
    lingerUntil = Long.MIN_VALUE;
    if (udp != null) {
      udp.flush(out);
      udp = null;
    }
  }

  /** True when nothing is held: the keyed state may be cleared. */
  public boolean isEmpty() {
    return current == null && lingerUntil == Long.MIN_VALUE && udp == null;
  }

  /** Bytes held by the current connection (reassembly buffers and L7 buffers). */
  public long bufferedBytes() {
    return (current == null ? 0 : current.bufferedBytes()) + (udp == null ? 0 : udp.bufferedBytes());
  }

  /** The connection in progress, or null. */
  public TcpConnection current() {
    return current;
  }

  public long strayPackets() {
    return strayPackets;
  }

  public long connections() {
    return connections;
  }

  /** The UDP session of this key, or null. */
  public UdpFlow udp() {
    return udp;
  }
}
