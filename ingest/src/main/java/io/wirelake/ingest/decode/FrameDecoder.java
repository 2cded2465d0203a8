package io.wirelake.ingest.decode;

import java.util.Arrays;

/**
 * Decodes the addressing of a captured frame: link layer, IPv4 or IPv6 (with extension headers),
 * then the TCP or UDP header.
 *
 * <p>Link types: 1 Ethernet (802.1Q and QinQ tags of any depth), 113 Linux cooked v1, 276 Linux
 * cooked v2, 101/12/14 raw IP, 228 raw IPv4, 229 raw IPv6, 0 BSD null and 108 loopback. Frames
 * that are not TCP or UDP over IP, IP fragments and malformed frames decode to null and are
 * counted in {@link #stats()}. Allocates only the two address arrays and the result.
 *
 * <p>Not thread-safe: use one per reader.
 */
public final class FrameDecoder {

  static final int LINKTYPE_NULL = 0;
  static final int LINKTYPE_ETHERNET = 1;
  static final int LINKTYPE_RAW_12 = 12;
  static final int LINKTYPE_RAW_14 = 14;
  static final int LINKTYPE_RAW = 101;
  static final int LINKTYPE_LOOP = 108;
  static final int LINKTYPE_LINUX_SLL = 113;
  static final int LINKTYPE_IPV4 = 228;
  static final int LINKTYPE_IPV6 = 229;
  static final int LINKTYPE_LINUX_SLL2 = 276;

  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_IPV6 = 0x86dd;
  private static final int ETHERTYPE_VLAN = 0x8100;
  private static final int ETHERTYPE_QINQ = 0x88a8;
  private static final int ETHERTYPE_QINQ_OLD = 0x9100;

  private static final int PROTO_HOPOPTS = 0;
  private static final int PROTO_TCP = 6;
  private static final int PROTO_UDP = 17;
  private static final int PROTO_ROUTING = 43;
  private static final int PROTO_FRAGMENT = 44;
  private static final int PROTO_AH = 51;
  private static final int PROTO_NONE = 59;
  private static final int PROTO_DSTOPTS = 60;

  /** Result of the link and IP layers that is not a network-layer start offset. */
  private static final int NOT_IP = -1;
  private static final int MALFORMED = -2;

  /** IP version the link layer announced for the current frame (0: any). */
  private int announcedVersion;
  private long tcp;
  private long udp;
  private long nonIp;
  private long otherProtocol;
  private long fragments;
  private long malformed;

  /**
   * Decodes one frame.
   *
   * @param linkType the libpcap LINKTYPE_ of the frame
   * @param frame the captured bytes
   * @return the addressing, or null if the frame is not a TCP segment or UDP datagram over IP or
   *     is malformed (see {@link #stats()} for which)
   */
  public DecodedFrame decode(int linkType, byte[] frame) {
    int ip = networkOffset(linkType, frame);
    if (ip == NOT_IP) {
      nonIp++;
      return null;
    }
    if (ip == MALFORMED || ip >= frame.length) {
      malformed++;
      return null;
    }
    int version = (frame[ip] & 0xff) >>> 4;
    if (announcedVersion != 0 && version != announcedVersion) {
      malformed++;
      return null;
    }
    if (version == 4) {
      return decodeIpv4(frame, ip);
    }
    if (version == 6) {
      return decodeIpv6(frame, ip);
    }
    malformed++;
    return null;
  }

  /** Counts so far. */
  public DecodeStats stats() {
    return new DecodeStats(tcp, udp, nonIp, otherProtocol, fragments, malformed);
  }

  /** Offset of the IP header, or NOT_IP / MALFORMED; sets {@link #announcedVersion}. */
  private int networkOffset(int linkType, byte[] f) {
    announcedVersion = 0;
    switch (linkType) {
      case LINKTYPE_ETHERNET:
        return ethernet(f);
      case LINKTYPE_LINUX_SLL:
        return f.length < 16 ? MALFORMED : ipByEthertype(u16(f, 14), 16);
      case LINKTYPE_LINUX_SLL2:
        return f.length < 20 ? MALFORMED : ipByEthertype(u16(f, 0), 20);
      case LINKTYPE_RAW:
      case LINKTYPE_RAW_12:
      case LINKTYPE_RAW_14:
        return 0;
      case LINKTYPE_IPV4:
        announcedVersion = 4;
        return 0;
      case LINKTYPE_IPV6:
        announcedVersion = 6;
        return 0;
      case LINKTYPE_NULL:
      case LINKTYPE_LOOP:
        return loopback(f);
      default:
        return NOT_IP;
    }
  }

  private int ethernet(byte[] f) {
    if (f.length < 14) {
      return MALFORMED;
    }
    int p = 12;
    int type = u16(f, p);
    while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
      p += 4;
      if (p + 2 > f.length) {
        return MALFORMED;
      }
      type = u16(f, p);
    }
    return ipByEthertype(type, p + 2);
  }

  private int ipByEthertype(int type, int offset) {
    if (type == ETHERTYPE_IPV4) {
      announcedVersion = 4;
      return offset;
    }
    if (type == ETHERTYPE_IPV6) {
      announcedVersion = 6;
      return offset;
    }
    return NOT_IP;
  }

  private int loopback(byte[] f) {
    if (f.length < 4) {
      return MALFORMED;
    }
    // The family is a 32-bit value in the capturing host's order (null) or network order (loop);
    // the values are small, so the order shows in which end holds the non-zero byte.
    int family = f[0] == 0 && f[1] == 0
        ? u16(f, 2)
        : (f[0] & 0xff) | (f[1] & 0xff) << 8;
    switch (family) {
      case 2:
        announcedVersion = 4;
        return 4;
      case 24:
      case 28:
      case 30:
        announcedVersion = 6;
        return 4;
      default:
        return NOT_IP;
    }
  }

  private DecodedFrame decodeIpv4(byte[] f, int ip) {
    if (ip + 20 > f.length) {
      malformed++;
      return null;
    }
    int headerLen = (f[ip] & 0x0f) * 4;
    int totalLen = u16(f, ip + 2);
    if (totalLen == 0) {
      // TCP segmentation offload: the sending host captured the segment before the NIC filled it.
      totalLen = f.length - ip;
    }
    if (headerLen < 20 || ip + headerLen > f.length || totalLen < headerLen) {
      malformed++;
      return null;
    }
    int flagsAndOffset = u16(f, ip + 6);
    if ((flagsAndOffset & 0x3fff) != 0) {
      fragments++;
      return null;
    }
    int protocol = f[ip + 9] & 0xff;
    if (protocol != PROTO_TCP && protocol != PROTO_UDP) {
      otherProtocol++;
      return null;
    }
    int l4 = ip + headerLen;
    return transport(f, 4, ip + 12, 4, protocol, l4, ip + totalLen);
  }

  private DecodedFrame decodeIpv6(byte[] f, int ip) {
    if (ip + 40 > f.length) {
      malformed++;
      return null;
    }
    int payloadLen = u16(f, ip + 4);
    int end = payloadLen == 0 ? f.length : ip + 40 + payloadLen; // 0: jumbogram or offload
    int next = f[ip + 6] & 0xff;
    int p = ip + 40;
    while (true) {
      switch (next) {
        case PROTO_TCP:
        case PROTO_UDP:
          return transport(f, 6, ip + 8, 16, next, p, end);
        case PROTO_HOPOPTS:
        case PROTO_ROUTING:
        case PROTO_DSTOPTS:
        case PROTO_AH: {
          if (p + 8 > f.length || p + 8 > end) {
            malformed++;
            return null;
          }
          int len = next == PROTO_AH
              ? ((f[p + 1] & 0xff) + 2) * 4
              : ((f[p + 1] & 0xff) + 1) * 8;
          next = f[p] & 0xff;
          p += len;
          break;
        }
        case PROTO_FRAGMENT:
          fragments++;
          return null;
        case PROTO_NONE:
        default:
          otherProtocol++;
          return null;
      }
    }
  }

  /**
   * Decodes the TCP or UDP header at {@code l4}; {@code end} is where the IP header says the L4
   * payload ends (possibly past the captured bytes).
   */
  private DecodedFrame transport(
      byte[] f, int version, int addr, int addrLen, int protocol, int l4, int end) {
    if (protocol == PROTO_TCP) {
      if (l4 + 20 > f.length) {
        malformed++;
        return null;
      }
      int dataOffset = ((f[l4 + 12] & 0xff) >>> 4) * 4;
      int payload = l4 + dataOffset;
      if (dataOffset < 20 || payload > f.length || payload > end) {
        malformed++;
        return null;
      }
      tcp++;
      return new DecodedFrame(
          version,
          Arrays.copyOfRange(f, addr, addr + addrLen),
          Arrays.copyOfRange(f, addr + addrLen, addr + 2 * addrLen),
          u16(f, l4),
          u16(f, l4 + 2),
          PROTO_TCP,
          f[l4 + 13] & 0xff,
          u32(f, l4 + 4),
          u32(f, l4 + 8),
          u16(f, l4 + 14),
          payload,
          end - payload);
    }
    if (l4 + 8 > f.length) {
      malformed++;
      return null;
    }
    int udpLen = u16(f, l4 + 4);
    if (udpLen < 8 || l4 + udpLen > end) {
      malformed++;
      return null;
    }
    udp++;
    return new DecodedFrame(
        version,
        Arrays.copyOfRange(f, addr, addr + addrLen),
        Arrays.copyOfRange(f, addr + addrLen, addr + 2 * addrLen),
        u16(f, l4),
        u16(f, l4 + 2),
        PROTO_UDP,
        0,
        0,
        0,
        0,
        l4 + 8,
        udpLen - 8);
  }

  private static int u16(byte[] f, int p) {
    return (f[p] & 0xff) << 8 | (f[p + 1] & 0xff);
  }

  private static long u32(byte[] f, int p) {
    return (long) (f[p] & 0xff) << 24 | (f[p + 1] & 0xff) << 16 | (f[p + 2] & 0xff) << 8
        | (f[p + 3] & 0xff);
  }
}
