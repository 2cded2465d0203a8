package io.wirelake.flink.kafka;

/** One request and its response while they are being paired. Plain mutable state. */
final class KafkaExchange {
  static final long NONE = Long.MIN_VALUE;
  static final int NO_INT = Integer.MIN_VALUE;

  long seq;
  int apiKey = -1;
  int version = -1;
  int correlationId;
  String clientId;
  String transactionalId;
  int acks = NO_INT;
  String path;
  long requestBytes;
  long requestTs = NONE;
  long requestRecords = NONE;
  long requestBatches;
  long responseFirstByteTs = NONE;
  long responseTs = NONE;
  long responseBytes;
  int status = NO_INT;
  long responseRecords = NONE;
  long responseBatches;
  String error;

  KafkaExchange() {}

  KafkaExchange(long seq) {
    this.seq = seq;
  }

  void error(String e) {
    if (error == null) {
      error = e;
    }
  }

  /** Produce with acks=0: the broker sends no response. */
  boolean expectsNoResponse() {
    return apiKey == ApiTable.PRODUCE && acks == 0;
  }

  long bufferedBytes() {
    return 96 + len(clientId) + len(transactionalId) + len(path);
  }

  private static int len(String s) {
    return s == null ? 0 : s.length();
  }
}
