package io.wirelake.lakehouse.security;

import java.util.List;

/**
 * An endpoint that most callers reach with credentials, called without them too.
 *
 * @param server the server as {@link io.wirelake.lakehouse.query.PeerNames#server} names it
 * @param route the templated route, or the path where no route was derived
 * @param unauthenticatedCallers who made the calls without credentials: workload, else IP
 * @param exampleCallIds up to five of those calls
 */
public record UnauthenticatedEndpoint(
    String server,
    String method,
    String route,
    long calls,
    long authenticatedCalls,
    long unauthenticatedCalls,
    List<String> unauthenticatedCallers,
    List<String> exampleCallIds) {}
