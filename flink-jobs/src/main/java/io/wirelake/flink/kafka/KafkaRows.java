package io.wirelake.flink.kafka;

import io.wirelake.flink.l7.L7Context;
import io.wirelake.flink.model.L7Transaction;
import java.util.HashMap;

/** Turns a {@link KafkaExchange} into its {@code l7_transactions} row (see {@link KafkaDissector}). */
final class KafkaRows {
  private KafkaRows() {}

  static void emit(KafkaExchange x, L7Context ctx) {
    Long reqTs = x.requestTs == KafkaExchange.NONE ? null : x.requestTs;
    Long respTs = x.responseTs == KafkaExchange.NONE ? null : x.responseTs;
    Long latency = reqTs != null && respTs != null ? respTs - reqTs : null;
    Long ttfb = reqTs != null && x.responseFirstByteTs != KafkaExchange.NONE ? x.responseFirstByteTs - reqTs : null;
    Integer status = x.status == KafkaExchange.NO_INT ? null : x.status;
    String error = x.status != KafkaExchange.NO_INT && x.status != 0 ? ErrorCodes.name(x.status) : null;
    if (x.error != null && error == null) {
      error = x.error;
    }
    ctx.emit(new L7Transaction(
        ctx.flowId() + ":" + x.seq,
        ctx.flowId(),
        ctx.node(),
        KafkaDissector.PROTOCOL,
        ctx.clientIp(),
        ctx.clientPort(),
        ctx.serverIp(),
        ctx.serverPort(),
        reqTs,
        respTs,
        latency,
        ttfb,
        x.apiKey < 0 ? null : ApiTable.name(x.apiKey),
        null,
        x.path,
        x.path,
        status,
        x.requestBytes,
        x.responseBytes,
        requestHeaders(x),
        responseHeaders(x),
        null,
        null,
        ApiTable.isSasl(x.apiKey),
        error));
  }

  static HashMap<String, String> requestHeaders(KafkaExchange x) {
    if (x.apiKey < 0) {
      return null;
    }
    HashMap<String, String> h = new HashMap<>();
    h.put("api_version", Integer.toString(x.version));
    h.put("correlation_id", Integer.toString(x.correlationId));
    if (x.clientId != null) {
      h.put("client_id", x.clientId);
    }
    if (x.acks != KafkaExchange.NO_INT) {
      h.put("acks", Integer.toString(x.acks));
    }
    if (x.transactionalId != null) {
      h.put("transactional_id", x.transactionalId);
    }
    if (x.requestRecords != KafkaExchange.NONE) {
      h.put("records", Long.toString(x.requestRecords));
      h.put("batches", Long.toString(x.requestBatches));
    }
    return h;
  }

  static HashMap<String, String> responseHeaders(KafkaExchange x) {
    if (x.responseRecords == KafkaExchange.NONE) {
      return null;
    }
    HashMap<String, String> h = new HashMap<>();
    h.put("records", Long.toString(x.responseRecords));
    h.put("batches", Long.toString(x.responseBatches));
    return h;
  }
}
