package io.wirelake.flink.model;

import java.util.Map;

/**
 * One request/response pair (or an unanswered request, or a response without its request), a row of
 * {@code net.l7_transactions}. {@code latencyUs} runs from the segment that completed the request to the
 * segment that completed the response (Wireshark's {@code http.time}); {@code ttfbUs} from the request's
 * completion to the first response byte. Header maps hold lowercase names with secrets already masked.
 */
public record L7Transaction(
    String id,
    String flowId,
    String node,
    String protocol,
    String clientIp,
    int clientPort,
    String serverIp,
    int serverPort,
    Long requestTs,
    Long responseTs,
    Long latencyUs,
    Long ttfbUs,
    String method,
    String host,
    String path,
    String route,
    Integer status,
    long requestBytes,
    long responseBytes,
    Map<String, String> requestHeaders,
    Map<String, String> responseHeaders,
    byte[] requestBody,
    byte[] responseBody,
    boolean hasAuthorization,
    String error) {}
