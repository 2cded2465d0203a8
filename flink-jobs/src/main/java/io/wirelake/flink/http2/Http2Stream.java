package io.wirelake.flink.http2;

import java.util.HashMap;

/** One HTTP/2 stream (request and response) while it is open. Plain mutable state. */
final class Http2Stream {
  static final long NONE = Long.MIN_VALUE;

  int id;
  long seq;
  /** Server push: the request came in a PUSH_PROMISE, there is no client request stream. */
  boolean pushed;
  // request
  String method;
  String path;
  String authority;
  String requestContentType;
  HashMap<String, String> requestHeaders;
  boolean hasAuthorization;
  boolean requestDone;
  long requestTs = NONE;
  long requestBytes;
  byte[] requestBody;
  int requestBodyLen;
  GrpcMessageCounter requestMessages;
  // response
  int status = -1;
  int interimStatus = -1;
  String responseContentType;
  HashMap<String, String> responseHeaders;
  long firstResponseHeadersTs = NONE;
  boolean responseDone;
  long responseTs = NONE;
  long responseBytes;
  byte[] responseBody;
  int responseBodyLen;
  GrpcMessageCounter responseMessages;
  String grpcStatus;
  String grpcMessage;

  String error;

  Http2Stream() {}

  Http2Stream(int id, long seq) {
    this.id = id;
    this.seq = seq;
  }

  void error(String e) {
    if (error == null) {
      error = e;
    }
  }

  boolean grpc() {
    return startsWithGrpc(requestContentType) || startsWithGrpc(responseContentType);
  }

  private static boolean startsWithGrpc(String ct) {
    return ct != null && ct.regionMatches(true, 0, "application/grpc", 0, 16);
  }

  long bufferedBytes() {
    return (requestBody == null ? 0 : requestBody.length) + (responseBody == null ? 0 : responseBody.length);
  }
}
