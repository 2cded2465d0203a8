package io.wirelake.schemas;

import java.util.Arrays;

/**
 * The canonical flow key of the segments topic: one string for both directions of a flow, so that a
 * Kafka partition (and a Flink key) holds a whole conversation in capture order.
 *
 * <p>Form: {@code proto|lowIp:port|highIp:port} where the endpoint with the smaller (address, port)
 * comes first; IPv6 addresses are written in RFC 5952 form inside brackets.
 */
public final class FlowKeys {
  private FlowKeys() {}

  public static String canonical(int protocol, byte[] srcIp, int srcPort, byte[] dstIp, int dstPort) {
    boolean srcFirst = compare(srcIp, srcPort, dstIp, dstPort) <= 0;
    StringBuilder sb = new StringBuilder(48).append(protocol).append('|');
    if (srcFirst) {
      appendEndpoint(sb, srcIp, srcPort).append('|');
      appendEndpoint(sb, dstIp, dstPort);
    } else {
      appendEndpoint(sb, dstIp, dstPort).append('|');
      appendEndpoint(sb, srcIp, srcPort);
    }
    return sb.toString();
  }

  /** Orders endpoints by address bytes (unsigned), then port. */
  public static int compare(byte[] ipA, int portA, byte[] ipB, int portB) {
    int c = Arrays.compareUnsigned(ipA, ipB);
    return c != 0 ? c : Integer.compare(portA, portB);
  }

  private static StringBuilder appendEndpoint(StringBuilder sb, byte[] ip, int port) {
    if (ip.length == 16) {
      sb.append('[');
      IpAddresses.append(sb, ip);
      sb.append(']');
    } else {
      IpAddresses.append(sb, ip);
    }
    return sb.append(':').append(port);
  }
}
