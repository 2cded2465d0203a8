package io.wirelake.flink.tcp;

import io.wirelake.flink.model.Packet;

/**
 * Handshake timing exactly as Wireshark's {@code tcp.analysis.initial_rtt} (packet-tcp.c, 4.0): every SYN
 * without ACK remembers its time (the most recent SYN wins, so with retransmitted SYNs the last one before
 * the handshake completed counts); the first packet with ACK and without SYN, in either direction, completes
 * the handshake: {@code handshake_rtt = its time - the most recent SYN}. Verified against http-reorder's
 * retransmitted SYN (tcp.stream 12: 771 us from the second SYN, not 1,017,257 us from the first).
 *
 * <p>{@code syn_to_synack} uses the same rule for the first SYN-ACK: its time minus the most recent SYN before it.
 */
public final class HandshakeTracker {
  private long firstSynTs = -1;
  private long mruSynTs = -1;
  private long synAckTs = -1;
  private long synToSynackUs = -1;
  private long handshakeRttUs = -1;
  private int syns;
  private int synAcks;

  public void onPacket(int tcpFlags, long tsMicros) {
    boolean syn = (tcpFlags & Packet.SYN) != 0;
    boolean ack = (tcpFlags & Packet.ACK) != 0;
    if (syn && !ack) {
      syns++;
      if (firstSynTs < 0) {
        firstSynTs = tsMicros;
      }
      if (handshakeRttUs < 0) {
        mruSynTs = tsMicros;
      }
    } else if (syn) {
      synAcks++;
      if (synAckTs < 0) {
        synAckTs = tsMicros;
        if (mruSynTs >= 0) {
          synToSynackUs = tsMicros - mruSynTs;
        }
      }
    } else if (ack && handshakeRttUs < 0 && mruSynTs >= 0) {
      handshakeRttUs = tsMicros - mruSynTs;
    }
  }

  /** SYN to the first SYN-ACK, or null without both. */
  public Long synToSynackUs() {
    return synToSynackUs < 0 ? null : synToSynackUs;
  }

  /** SYN to the ACK completing the handshake (Wireshark's initial RTT), or null. */
  public Long handshakeRttUs() {
    return handshakeRttUs < 0 ? null : handshakeRttUs;
  }

  public boolean sawSyn() {
    return syns > 0;
  }

  public boolean sawSynAck() {
    return synAcks > 0;
  }

  public boolean complete() {
    return handshakeRttUs >= 0;
  }

  public int syns() {
    return syns;
  }

  public int synAcks() {
    return synAcks;
  }

  public long firstSynTs() {
    return firstSynTs;
  }
}
