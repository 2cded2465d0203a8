package io.wirelake.lakehouse.workload;

import io.wirelake.lakehouse.query.InvalidArgumentException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Checks that text is an IP address literal, without ever resolving a host name. */
final class IpLiterals {
  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private IpLiterals() {}

  /**
   * The address, trimmed, if it is an IPv4 dotted quad or an IPv6 literal.
   *
   * @throws InvalidArgumentException naming {@code argument} otherwise
   */
  static String check(String text, String argument) {
    String ip = text.trim();
    if (IPV4.matcher(ip).matches()) {
      return ip;
    }
    // with a colon and only hex digits, colons and dots, InetAddress parses a literal and never looks a name up
    if (ip.indexOf(':') >= 0 && IPV6_CHARS.matcher(ip).matches()) {
      try {
        InetAddress.getByName(ip);
        return ip;
      } catch (UnknownHostException e) {
        // fall through to the error
      }
    }
    throw new InvalidArgumentException(argument,
        "'" + text + "' is not an IP address; use an IPv4 (10.244.1.5) or IPv6 (fd00::5) address");
  }
}
