package io.wirelake.ingest.generate;

/**
 * One HTTP endpoint of a service and how it behaves.
 *
 * @param kind what the endpoint does, which decides its status codes
 * @param method HTTP method
 * @param path request target; "{id}" and "{n}" are filled per request
 * @param latencyMedianMicros median server time
 * @param latencySigma log-normal shape of the server time
 * @param requestBody median request body size (0: none)
 * @param responseBody median response body size on success
 * @param chunkedShare share of successful responses sent chunked
 * @param contentType response content type on success
 * @param authorized whether callers usually send a bearer token
 * @param weight relative frequency among the service's routes
 */
record Route(
    Kind kind,
    String method,
    String path,
    double latencyMedianMicros,
    double latencySigma,
    int requestBody,
    int responseBody,
    double chunkedShare,
    String contentType,
    boolean authorized,
    int weight) {

  enum Kind { HEALTH, READ, LIST, CREATE, UPDATE, DELETE, BLOB }
}
