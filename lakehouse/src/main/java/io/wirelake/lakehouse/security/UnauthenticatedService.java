package io.wirelake.lakehouse.security;

import java.util.List;

/**
 * A server that received no call with credentials in the window: informational, since many
 * internal services rely on the network (or mTLS) instead.
 *
 * @param server the server as {@link io.wirelake.lakehouse.query.PeerNames#server} names it
 * @param callers who called it: workload, else IP
 */
public record UnauthenticatedService(String server, long calls, List<String> callers) {}
