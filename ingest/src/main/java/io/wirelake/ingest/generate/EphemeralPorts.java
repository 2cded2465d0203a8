package io.wirelake.ingest.generate;

import java.util.HashMap;
import java.util.Map;

/** Each client pod's next ephemeral port, stepping like Linux's randomised allocator. */
final class EphemeralPorts {

  private static final int LOW = 32768;
  private static final int HIGH = 60999;

  private final Rng rng;
  private final Map<Integer, Integer> next = new HashMap<>();

  EphemeralPorts(Rng rng) {
    this.rng = rng;
  }

  /** The port of {@code clientIp}'s next connection. */
  int next(int clientIp) {
    int port = next.computeIfAbsent(clientIp, ip -> LOW + rng.nextInt(HIGH - LOW + 1));
    int following = port + rng.between(1, 7);
    next.put(clientIp, following > HIGH ? LOW + (following - HIGH) : following);
    return port;
  }
}
