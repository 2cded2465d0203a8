package io.wirelake.lakehouse.security;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address ranges that count as inside the cluster, as CIDR blocks. The default is the private
 * and loopback ranges: 10/8, 172.16/12, 192.168/16, 127/8, ::1/128 and fc00::/7.
 */
public final class InternalNetworks {

  /** RFC 1918, loopback and IPv6 unique-local and loopback. */
  public static final List<String> DEFAULT_CIDRS =
      List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "::1/128", "fc00::/7");

  // literal addresses only: never let a name reach the resolver
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f.:]+");

  private final List<Block> blocks;
  private final List<String> cidrs;

  private InternalNetworks(List<Block> blocks, List<String> cidrs) {
    this.blocks = blocks;
    this.cidrs = cidrs;
  }

  public static InternalNetworks defaults() {
    return of(DEFAULT_CIDRS);
  }

  /**
   * Parses CIDR blocks such as {@code 10.0.0.0/8} or {@code fd00::/8}.
   *
   * @throws IllegalArgumentException for a block that is not an address and a prefix length
   */
  public static InternalNetworks of(List<String> cidrs) {
    List<Block> blocks = new ArrayList<>();
    for (String cidr : cidrs) {
      int slash = cidr.indexOf('/');
      byte[] address = slash < 0 ? null : parse(cidr.substring(0, slash).trim());
      int prefix;
      try {
        prefix = slash < 0 ? -1 : Integer.parseInt(cidr.substring(slash + 1).trim());
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (address == null || prefix < 0 || prefix > address.length * 8) {
        throw new IllegalArgumentException("not a CIDR block: " + cidr);
      }
      blocks.add(new Block(address.length, prefix, new BigInteger(1, address).shiftRight(address.length * 8 - prefix)));
    }
    return new InternalNetworks(List.copyOf(blocks), List.copyOf(cidrs));
  }

  /** The blocks as given. */
  public List<String> cidrs() {
    return cidrs;
  }

  /** True if {@code ip} lies in one of the blocks; an unparseable address counts as internal. */
  public boolean isInternal(String ip) {
    byte[] address = ip == null ? null : parse(ip);
    if (address == null) {
      return true;
    }
    BigInteger value = new BigInteger(1, address);
    for (Block block : blocks) {
      if (block.bytes == address.length
          && value.shiftRight(address.length * 8 - block.prefix).equals(block.network)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] parse(String ip) {
    String literal = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    if (literal.isEmpty() || !LITERAL.matcher(literal).matches()
        || (literal.indexOf(':') < 0 && literal.chars().filter(c -> c == '.').count() != 3)) {
      return null;
    }
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private record Block(int bytes, int prefix, BigInteger network) {}
}
