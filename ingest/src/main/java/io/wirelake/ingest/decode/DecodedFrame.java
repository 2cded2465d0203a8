package io.wirelake.ingest.decode;

/**
 * The addressing of a TCP segment or UDP datagram, decoded from a captured frame.
 *
 * @param ipVersion 4 or 6
 * @param srcIp source address (4 or 16 bytes)
 * @param dstIp destination address (4 or 16 bytes)
 * @param srcPort source port
 * @param dstPort destination port
 * @param l4Protocol 6 (TCP) or 17 (UDP)
 * @param tcpFlags TCP flag bits (0 for UDP)
 * @param seq TCP sequence number, unsigned (0 for UDP)
 * @param ack TCP acknowledgment number, unsigned (0 for UDP)
 * @param window TCP window field (0 for UDP)
 * @param payloadOffset offset of the L4 payload in the frame
 * @param payloadLength L4 payload length from the IP (and UDP) headers; may exceed the captured bytes
 */
public record DecodedFrame(
    int ipVersion,
    byte[] srcIp,
    byte[] dstIp,
    int srcPort,
    int dstPort,
    int l4Protocol,
    int tcpFlags,
    long seq,
    long ack,
    int window,
    int payloadOffset,
    int payloadLength) {}
