package io.wirelake.cli;

import java.net.InetAddress;

/** The name of this machine, as the node name of what it captures. */
final class Hosts {
  private Hosts() {}

  static String localName() {
    String env = System.getenv("NODE_NAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "local";
    }
  }
}
