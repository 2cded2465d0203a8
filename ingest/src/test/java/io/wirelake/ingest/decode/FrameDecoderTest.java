package io.wirelake.ingest.decode;

import static io.wirelake.ingest.decode.TestPackets.IP4_A;
import static io.wirelake.ingest.decode.TestPackets.IP4_B;
import static io.wirelake.ingest.decode.TestPackets.IP6_A;
import static io.wirelake.ingest.decode.TestPackets.IP6_B;
import static io.wirelake.ingest.decode.TestPackets.bytes;
import static io.wirelake.ingest.decode.TestPackets.concat;
import static io.wirelake.ingest.decode.TestPackets.ethernet;
import static io.wirelake.ingest.decode.TestPackets.hex;
import static io.wirelake.ingest.decode.TestPackets.ipv4;
import static io.wirelake.ingest.decode.TestPackets.ipv6;
import static io.wirelake.ingest.decode.TestPackets.tcp;
import static io.wirelake.ingest.decode.TestPackets.udp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

  private static final byte[] NO_OPTIONS = new byte[0];
  /** IPv4 + TCP (20-byte header) + 5 payload bytes "hello". */
  private static final byte[] IPV4_TCP_HELLO = concat(
      ipv4(6, 45, 0x4000),
      tcp(50000, 8080, 1000, 2000, 0x18, 502, NO_OPTIONS),
      "hello".getBytes());

  private final FrameDecoder decoder = new FrameDecoder();

  @Test
  void decodesEthernetTcpSynFromLiteralBytes() {
    byte[] frame = hex("001122334455 66778899aabb 0800"
        + "4500003c 1c464000 40060000 0af40102 0af40203"
        + "c3501f90 f0000001 00000000 a002faf0 00000000"
        + "020405b4 0402080a 00000001 00000000 01030307");

    DecodedFrame d = decoder.decode(1, frame);

    assertThat(d).isNotNull();
    assertThat(d.ipVersion()).isEqualTo(4);
    assertThat(d.srcIp()).containsExactly(10, 244, 1, 2);
    assertThat(d.dstIp()).containsExactly(10, 244, 2, 3);
    assertThat(d.srcPort()).isEqualTo(50000);
    assertThat(d.dstPort()).isEqualTo(8080);
    assertThat(d.l4Protocol()).isEqualTo(6);
    assertThat(d.tcpFlags()).isEqualTo(0x02);
    assertThat(d.seq()).isEqualTo(4_026_531_841L);
    assertThat(d.ack()).isZero();
    assertThat(d.window()).isEqualTo(64240);
    assertThat(d.payloadOffset()).isEqualTo(74);
    assertThat(d.payloadLength()).isZero();
    assertThat(decoder.stats()).isEqualTo(new DecodeStats(1, 0, 0, 0, 0, 0));
  }

  @Test
  void readsTcpPayloadBoundsAndUnsignedAck() {
    byte[] frame = concat(ethernet(0x0800), ipv4(6, 45, 0x4000),
        tcp(443, 51000, 0xffffffffL, 0x80000000L, 0x10, 65535, NO_OPTIONS), "hello".getBytes());

    DecodedFrame d = decoder.decode(1, frame);

    assertThat(d.seq()).isEqualTo(4_294_967_295L);
    assertThat(d.ack()).isEqualTo(2_147_483_648L);
    assertThat(d.window()).isEqualTo(65535);
    assertThat(d.tcpFlags()).isEqualTo(0x10);
    assertThat(d.payloadOffset()).isEqualTo(54);
    assertThat(d.payloadLength()).isEqualTo(5);
    assertThat(new String(frame, d.payloadOffset(), d.payloadLength())).isEqualTo("hello");
  }

  @Test
  void ignoresEthernetPaddingAfterIpTotalLength() {
    // A bare ACK is 54 bytes; Ethernet pads it to 60 with zeros that are not TCP payload.
    byte[] frame = concat(ethernet(0x0800), ipv4(6, 40, 0x4000),
        tcp(50000, 8080, 1, 1, 0x10, 100, NO_OPTIONS), bytes(6, 0));

    DecodedFrame d = decoder.decode(1, frame);

    assertThat(frame).hasSize(60);
    assertThat(d.payloadOffset()).isEqualTo(54);
    assertThat(d.payloadLength()).isZero();
  }

  @Test
  void reportsIpPayloadLengthBeyondSnapLength() {
    // Total length says 1000 bytes of TCP payload; the capture kept only 10 of them.
    byte[] frame = concat(ethernet(0x0800), ipv4(6, 1040, 0x4000),
        tcp(50000, 8080, 1, 1, 0x18, 100, NO_OPTIONS), bytes(10, 'x'));

    DecodedFrame d = decoder.decode(1, frame);

    assertThat(d.payloadLength()).isEqualTo(1000);
    assertThat(d.payloadOffset()).isEqualTo(54);
  }

  @Test
  void honoursIpv4HeaderOptions() {
    // IHL 6: a 24-byte header with one 4-byte option (NOP NOP NOP EOL).
    byte[] ip = ipv4(17, 24 + 8 + 3, 0);
    ip[0] = 0x46;
    byte[] frame = concat(ethernet(0x0800), ip, hex("01010100"), udp(5353, 53, 11), "abc".getBytes());

    DecodedFrame d = decoder.decode(1, frame);

    assertThat(d.l4Protocol()).isEqualTo(17);
    assertThat(d.srcPort()).isEqualTo(5353);
    assertThat(d.dstPort()).isEqualTo(53);
    assertThat(d.payloadOffset()).isEqualTo(14 + 24 + 8);
    assertThat(d.payloadLength()).isEqualTo(3);
    assertThat(d.tcpFlags()).isZero();
    assertThat(d.seq()).isZero();
    assertThat(decoder.stats().udp()).isEqualTo(1);
  }

  @Test
  void unwrapsVlanAndQinqTagsOfAnyDepth() {
    byte[] payload = IPV4_TCP_HELLO;
    byte[] single = concat(ethernet(0x8100), hex("0064 0800"), payload);
    byte[] qinq = concat(ethernet(0x88a8), hex("00c8 8100 0064 0800"), payload);
    byte[] triple = concat(ethernet(0x9100), hex("0001 88a8 0002 8100 0003 0800"), payload);

    assertThat(decoder.decode(1, single).payloadOffset()).isEqualTo(18 + 40);
    assertThat(decoder.decode(1, qinq).payloadOffset()).isEqualTo(22 + 40);
    DecodedFrame d = decoder.decode(1, triple);
    assertThat(d.payloadOffset()).isEqualTo(26 + 40);
    assertThat(d.payloadLength()).isEqualTo(5);
    assertThat(d.srcIp()).isEqualTo(IP4_A);
    assertThat(d.dstIp()).isEqualTo(IP4_B);
    assertThat(decoder.stats().tcp()).isEqualTo(3);
  }

  @Test
  void decodesLinuxCookedV1AndV2() {
    byte[] sll = concat(hex("0000 0001 0006 001122334455 0000 0800"), IPV4_TCP_HELLO);
    byte[] sll2 = concat(hex("0800 0000 00000002 0001 00 06 001122334455 0000"), IPV4_TCP_HELLO);

    DecodedFrame v1 = decoder.decode(113, sll);
    DecodedFrame v2 = decoder.decode(276, sll2);

    assertThat(v1.payloadOffset()).isEqualTo(16 + 40);
    assertThat(v1.srcPort()).isEqualTo(50000);
    assertThat(v2.payloadOffset()).isEqualTo(20 + 40);
    assertThat(v2.dstPort()).isEqualTo(8080);
  }

  @Test
  void decodesRawIpLinkTypes() {
    byte[] v6 = concat(ipv6(6, 25), tcp(8080, 50000, 7, 9, 0x18, 10, NO_OPTIONS),
        "hello".getBytes());

    for (int linkType : new int[] {101, 12, 14, 228}) {
      DecodedFrame d = decoder.decode(linkType, IPV4_TCP_HELLO);
      assertThat(d.payloadOffset()).as("link type %d", linkType).isEqualTo(40);
      assertThat(d.payloadLength()).isEqualTo(5);
    }
    for (int linkType : new int[] {101, 229}) {
      DecodedFrame d = decoder.decode(linkType, v6);
      assertThat(d.ipVersion()).isEqualTo(6);
      assertThat(d.srcIp()).isEqualTo(IP6_A);
      assertThat(d.dstIp()).isEqualTo(IP6_B);
      assertThat(d.payloadOffset()).isEqualTo(60);
      assertThat(d.payloadLength()).isEqualTo(5);
    }
    // The IPv4-only link type refuses an IPv6 packet and vice versa.
    assertThat(decoder.decode(228, v6)).isNull();
    assertThat(decoder.decode(229, IPV4_TCP_HELLO)).isNull();
    assertThat(decoder.stats()).isEqualTo(new DecodeStats(6, 0, 0, 0, 0, 2));
  }

  @Test
  void decodesBsdNullAndLoopInEitherByteOrder() {
    byte[] v6 = concat(ipv6(17, 8 + 2), udp(1000, 2000, 10), "hi".getBytes());

    assertThat(decoder.decode(0, concat(hex("02000000"), IPV4_TCP_HELLO)).payloadOffset())
        .isEqualTo(44);
    assertThat(decoder.decode(108, concat(hex("00000002"), IPV4_TCP_HELLO)).payloadOffset())
        .isEqualTo(44);
    for (String family : new String[] {"18000000", "0000001c", "1e000000"}) {
      DecodedFrame d = decoder.decode(0, concat(hex(family), v6));
      assertThat(d.ipVersion()).as(family).isEqualTo(6);
      assertThat(d.payloadOffset()).isEqualTo(4 + 40 + 8);
      assertThat(d.payloadLength()).isEqualTo(2);
    }
    assertThat(decoder.decode(0, concat(hex("07000000"), IPV4_TCP_HELLO))).isNull();
    assertThat(decoder.stats()).isEqualTo(new DecodeStats(2, 3, 1, 0, 0, 0));
  }

  @Test
  void walksIpv6ExtensionHeadersIncludingAh() {
    // hop-by-hop (8 bytes) -> routing (16 bytes) -> AH (payload len 4: (4+2)*4 = 24 bytes)
    // -> destination options (8 bytes) -> TCP.
    byte[] hop = concat(hex("2b00"), bytes(6, 0));
    byte[] routing = concat(hex("3301"), bytes(14, 0));
    byte[] ah = concat(hex("3c04"), bytes(22, 0));
    byte[] dst = concat(hex("0600"), bytes(6, 0));
    byte[] tcp = tcp(50000, 443, 1, 2, 0x18, 3, NO_OPTIONS);
    int payloadLen = 8 + 16 + 24 + 8 + 20 + 4;
    byte[] frame = concat(ethernet(0x86dd), ipv6(0, payloadLen), hop, routing, ah, dst, tcp,
        "data".getBytes());

    DecodedFrame d = decoder.decode(1, frame);

    assertThat(d).isNotNull();
    assertThat(d.dstPort()).isEqualTo(443);
    assertThat(d.payloadOffset()).isEqualTo(14 + 40 + 56 + 20);
    assertThat(d.payloadLength()).isEqualTo(4);
    assertThat(new String(frame, d.payloadOffset(), 4)).isEqualTo("data");
  }

  @Test
  void countsIpv6FragmentAndNoNextHeaderWithoutDecoding() {
    byte[] fragment = concat(ethernet(0x86dd), ipv6(44, 8 + 8), hex("0600 0001 12345678"),
        udp(1, 2, 8));
    byte[] noNext = concat(ethernet(0x86dd), ipv6(60, 8), hex("3b00"), bytes(6, 0));

    assertThat(decoder.decode(1, fragment)).isNull();
    assertThat(decoder.decode(1, noNext)).isNull();
    assertThat(decoder.stats()).isEqualTo(new DecodeStats(0, 0, 0, 1, 1, 0));
  }

  @Test
  void countsIpv4FragmentsAndSkipsThem() {
    byte[] first = concat(ethernet(0x0800), ipv4(17, 28, 0x2000), udp(1, 2, 100));
    byte[] middle = concat(ethernet(0x0800), ipv4(17, 28, 0x2000 | 185), bytes(8, 1));
    byte[] last = concat(ethernet(0x0800), ipv4(17, 28, 370), bytes(8, 1));
    byte[] dontFragment = concat(ethernet(0x0800), ipv4(17, 28, 0x4000), udp(1, 2, 8));

    assertThat(decoder.decode(1, first)).isNull();
    assertThat(decoder.decode(1, middle)).isNull();
    assertThat(decoder.decode(1, last)).isNull();
    assertThat(decoder.decode(1, dontFragment)).isNotNull();
    assertThat(decoder.stats()).isEqualTo(new DecodeStats(0, 1, 0, 0, 3, 0));
  }

  @Test
  void countsNonIpAndOtherProtocols() {
    byte[] arp = concat(ethernet(0x0806), bytes(28, 0));
    byte[] lengthField = concat(ethernet(0x002e), bytes(46, 0));
    byte[] icmp = concat(ethernet(0x0800), ipv4(1, 28, 0), hex("0800 0000 0001 0001"));
    byte[] unknownLink = IPV4_TCP_HELLO;

    assertThat(decoder.decode(1, arp)).isNull();
    assertThat(decoder.decode(1, lengthField)).isNull();
    assertThat(decoder.decode(1, icmp)).isNull();
    assertThat(decoder.decode(147, unknownLink)).isNull();
    assertThat(decoder.stats()).isEqualTo(new DecodeStats(0, 0, 3, 1, 0, 0));
  }

  @Test
  void countsTruncatedAndImpossibleHeadersAsMalformed() {
    byte[] good = concat(ethernet(0x0800), IPV4_TCP_HELLO);
    byte[] shortEthernet = Arrays.copyOf(good, 10);
    byte[] shortIp = Arrays.copyOf(good, 14 + 12);
    byte[] shortTcp = Arrays.copyOf(good, 14 + 20 + 12);
    byte[] badIhl = good.clone();
    badIhl[14] = 0x44;
    byte[] totalBelowHeader = good.clone();
    totalBelowHeader[14 + 3] = 30; // total length 30 < 20 + 20 of headers
    byte[] badDataOffset = good.clone();
    badDataOffset[14 + 20 + 12] = 0x40; // data offset 16 bytes
    byte[] udpLengthTooSmall = concat(ethernet(0x0800), ipv4(17, 28, 0), udp(1, 2, 4));
    byte[] udpLengthPastIp = concat(ethernet(0x0800), ipv4(17, 28, 0), udp(1, 2, 9), bytes(1, 0));
    byte[] truncatedVlan = concat(ethernet(0x8100), hex("00"));
    byte[] shortCooked = hex("0000 0001 0006 0011");
    byte[] badVersion = good.clone();
    badVersion[14] = 0x55;
    byte[] rawBadVersion = Arrays.copyOfRange(badVersion, 14, badVersion.length);
    byte[] ipv6InIpv4Ethertype = concat(ethernet(0x0800), ipv6(59, 0));
    byte[] extensionPastEnd = concat(ethernet(0x86dd), ipv6(0, 8), hex("06ff"), bytes(6, 0));

    byte[][] frames = {shortEthernet, shortIp, shortTcp, badIhl, totalBelowHeader, badDataOffset,
        udpLengthTooSmall, udpLengthPastIp, truncatedVlan, extensionPastEnd};
    for (byte[] frame : frames) {
      assertThat(decoder.decode(1, frame)).isNull();
    }
    assertThat(decoder.decode(113, shortCooked)).isNull();
    assertThat(decoder.decode(101, rawBadVersion)).isNull();
    assertThat(decoder.decode(1, badVersion)).isNull();
    assertThat(decoder.decode(1, ipv6InIpv4Ethertype)).isNull();
    assertThat(decoder.stats()).isEqualTo(new DecodeStats(0, 0, 0, 0, 0, 14));
  }

  @Test
  void treatsZeroTotalLengthAsOffloadedSegment() {
    byte[] frame = concat(ethernet(0x0800), ipv4(6, 0, 0x4000),
        tcp(50000, 8080, 1, 1, 0x18, 100, NO_OPTIONS), bytes(100, 'x'));

    DecodedFrame d = decoder.decode(1, frame);

    assertThat(d.payloadLength()).isEqualTo(100);
  }
}
