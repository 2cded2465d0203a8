package io.wirelake.flink.http;

import java.util.HashMap;

/** One request and its response while they are being parsed. Plain mutable state. */
public final class HttpExchange {
  static final long NONE = Long.MIN_VALUE;

  long seq;
  // request
  String method;
  String target;
  String version;
  String host;
  HashMap<String, String> requestHeaders;
  boolean hasAuthorization;
  long requestStartTs = NONE;
  long requestTs = NONE;
  long requestBytes;
  byte[] requestBody;
  int requestBodyLen;
  boolean requestDone;
  // response
  boolean responseBound;
  int status = -1;
  HashMap<String, String> responseHeaders;
  long responseFirstByteTs = NONE;
  long responseTs = NONE;
  long responseBytes;
  byte[] responseBody;
  int responseBodyLen;
  boolean responseDone;

  String error;

  HttpExchange() {}

  HttpExchange(long seq) {
    this.seq = seq;
  }

  void error(String e) {
    if (error == null) {
      error = e;
    }
  }

  long bufferedBytes() {
    return (requestBody == null ? 0 : requestBody.length) + (responseBody == null ? 0 : responseBody.length);
  }
}
