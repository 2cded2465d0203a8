package io.wirelake.ingest.decode;

/**
 * What a {@link FrameDecoder} has seen: every frame passed to it lands in exactly one counter.
 *
 * @param tcp frames decoded as TCP segments
 * @param udp frames decoded as UDP datagrams
 * @param nonIp frames that carry neither IPv4 nor IPv6 (ARP, LLDP, unknown link types, ...)
 * @param otherProtocol IP packets whose payload is neither TCP nor UDP (ICMP, no next header, ...)
 * @param fragments IP fragments (IPv4 with MF set or a non-zero offset, IPv6 fragment header),
 *     counted and skipped, not reassembled
 * @param malformed frames too short for their headers or with impossible header fields
 */
public record DecodeStats(
    long tcp, long udp, long nonIp, long otherProtocol, long fragments, long malformed) {

  /** All frames seen. */
  public long total() {
    return tcp + udp + nonIp + otherProtocol + fragments + malformed;
  }
}
