package io.wirelake.lakehouse.security;

import java.util.List;

/**
 * A server outside the cluster that internal clients reached.
 *
 * @param destination {@code ip:port}
 * @param serverService the service name, where one is known (e.g. from DNS)
 * @param calls API calls to it in the window
 * @param flows TCP connections to it in the window (these include TLS and other traffic without calls)
 * @param protocols the application protocols of the calls
 * @param clients the internal clients: workload, else IP
 * @param exampleCallIds up to five of the calls
 */
public record ExternalDestination(
    String destination,
    String serverService,
    long calls,
    long flows,
    List<String> protocols,
    List<String> clients,
    List<String> exampleCallIds) {}
