package io.wirelake.flink.model;

/**
 * A captured TCP segment or UDP datagram as the jobs see it: the addressing the sniffer decoded and the
 * frame it captured. The payload is {@code frame[payloadOffset, payloadOffset + capturedPayload())};
 * it is never copied out of the frame.
 *
 * @param tsMicros capture time, microseconds since the epoch
 * @param node the node that captured it
 * @param flowKey the canonical flow key (same for both directions)
 * @param ipVersion 4 or 6
 * @param srcIp source address bytes
 * @param srcPort source port
 * @param dstIp destination address bytes
 * @param dstPort destination port
 * @param protocol IP protocol number (6 TCP, 17 UDP)
 * @param tcpFlags TCP flag bits, see {@link #FIN} and friends
 * @param seq TCP sequence number (unsigned 32 bit)
 * @param ack TCP acknowledgment number (unsigned 32 bit)
 * @param window TCP window field (unscaled)
 * @param frame the captured frame
 * @param payloadOffset where the L4 payload starts in {@code frame}
 * @param payloadLength L4 payload length per the IP header (may exceed what was captured)
 */
public record Packet(
    long tsMicros,
    String node,
    String flowKey,
    int ipVersion,
    byte[] srcIp,
    int srcPort,
    byte[] dstIp,
    int dstPort,
    int protocol,
    int tcpFlags,
    long seq,
    long ack,
    int window,
    byte[] frame,
    int payloadOffset,
    int payloadLength) {

  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;

  public static final int TCP = 6;
  public static final int UDP = 17;

  public boolean has(int flag) {
    return (tcpFlags & flag) != 0;
  }

  /** Payload bytes actually present in the frame (less than {@link #payloadLength} when the snap length cut it). */
  public int capturedPayload() {
    return Math.max(0, Math.min(payloadLength, frame.length - payloadOffset));
  }
}
