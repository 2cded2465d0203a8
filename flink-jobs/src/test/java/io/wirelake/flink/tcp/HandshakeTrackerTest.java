package io.wirelake.flink.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.model.Packet;
import org.junit.jupiter.api.Test;

class HandshakeTrackerTest {
  static final int SYN = Packet.SYN;
  static final int SYNACK = Packet.SYN | Packet.ACK;
  static final int ACK = Packet.ACK;

  @Test
  void plainHandshake() {
    HandshakeTracker h = new HandshakeTracker();
    h.onPacket(SYN, 100);
    h.onPacket(SYNACK, 130);
    h.onPacket(ACK, 175);
    h.onPacket(ACK | Packet.PSH, 200);
    assertThat(h.synToSynackUs()).isEqualTo(30);
    assertThat(h.handshakeRttUs()).isEqualTo(75);
  }

  @Test
  void retransmittedSynUsesTheMostRecentSyn() {
    // like tcp.stream 12 of http-reorder: the first SYN was lost, tshark measures from the second
    HandshakeTracker h = new HandshakeTracker();
    h.onPacket(SYN, 1_000);
    h.onPacket(SYN, 1_016_715);
    h.onPacket(SYNACK, 1_016_734);
    h.onPacket(ACK, 1_017_486);
    h.onPacket(SYNACK, 1_017_715); // retransmitted SYN-ACK after the handshake: ignored
    assertThat(h.handshakeRttUs()).isEqualTo(771);
    assertThat(h.synToSynackUs()).isEqualTo(19);
    assertThat(h.syns()).isEqualTo(2);
  }

  @Test
  void synRetransmittedAfterSynAckStillCountsFromTheLastSyn() {
    HandshakeTracker h = new HandshakeTracker();
    h.onPacket(SYN, 100);
    h.onPacket(SYNACK, 120); // lost after the capture point
    h.onPacket(SYN, 1_100);
    h.onPacket(SYNACK, 1_110);
    h.onPacket(ACK, 1_140);
    assertThat(h.synToSynackUs()).isEqualTo(20);
    assertThat(h.handshakeRttUs()).isEqualTo(40);
  }

  @Test
  void noSynNoTiming() {
    HandshakeTracker h = new HandshakeTracker();
    h.onPacket(ACK, 100);
    h.onPacket(ACK | Packet.PSH, 200);
    assertThat(h.synToSynackUs()).isNull();
    assertThat(h.handshakeRttUs()).isNull();
  }

  @Test
  void refusedConnectionFollowsWiresharkRule() {
    // Wireshark: the first packet with ACK and without SYN completes the "handshake", whatever its direction,
    // so an RST/ACK refusal gets an initial RTT
    HandshakeTracker h = new HandshakeTracker();
    h.onPacket(SYN, 100);
    h.onPacket(Packet.RST | Packet.ACK, 150);
    assertThat(h.synToSynackUs()).isNull();
    assertThat(h.handshakeRttUs()).isEqualTo(50);
  }
}
