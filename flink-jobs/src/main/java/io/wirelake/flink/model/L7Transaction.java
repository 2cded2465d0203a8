package io.wirelake.flink.model;

import io.wirelake.lakehouse.workload.WorkloadRef;
import java.util.Map;

/**
 * One request/response pair (or an unanswered request, or a response without its request), a row of
 * {@code net.l7_transactions}. {@code latencyUs} runs from the segment that completed the request to the
 * segment that completed the response (Wireshark's {@code http.time}); {@code ttfbUs} from the request's
 * completion to the first response byte. Header maps hold lowercase names with secrets already masked.
 * {@code client} and {@code server} say which workloads the endpoints were at the request's time;
 * {@link WorkloadRef#UNKNOWN} until the Kubernetes context is attached.
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
    String error,
    WorkloadRef client,
    WorkloadRef server) {

  /** A transaction without Kubernetes context yet, as the dissectors produce it. */
  public L7Transaction(String id, String flowId, String node, String protocol, String clientIp, int clientPort,
      String serverIp, int serverPort, Long requestTs, Long responseTs, Long latencyUs, Long ttfbUs, String method,
      String host, String path, String route, Integer status, long requestBytes, long responseBytes,
      Map<String, String> requestHeaders, Map<String, String> responseHeaders, byte[] requestBody,
      byte[] responseBody, boolean hasAuthorization, String error) {
    this(id, flowId, node, protocol, clientIp, clientPort, serverIp, serverPort, requestTs, responseTs, latencyUs,
        ttfbUs, method, host, path, route, status, requestBytes, responseBytes, requestHeaders, responseHeaders,
        requestBody, responseBody, hasAuthorization, error, WorkloadRef.UNKNOWN, WorkloadRef.UNKNOWN);
  }

  /** This transaction with its endpoints' workloads. */
  public L7Transaction withWorkloads(WorkloadRef clientRef, WorkloadRef serverRef) {
    return new L7Transaction(id, flowId, node, protocol, clientIp, clientPort, serverIp, serverPort, requestTs,
        responseTs, latencyUs, ttfbUs, method, host, path, route, status, requestBytes, responseBytes,
        requestHeaders, responseHeaders, requestBody, responseBody, hasAuthorization, error, clientRef, serverRef);
  }

  /** The time this transaction is placed at: its request, or its response when the request was not seen. */
  public long eventTimeMicros() {
    return requestTs != null ? requestTs : responseTs;
  }
}
