package io.wirelake.flink.kafka;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.MemoryRecords;

/** Typical Kafka messages built with kafka-clients' generated classes. */
final class KafkaMessages {
  static final Uuid ORDERS_ID = Uuid.fromString("b3JkZXJzLXRvcGljLWlkAA");

  private KafkaMessages() {}

  static ApiVersionsRequestData apiVersionsRequest() {
    return new ApiVersionsRequestData().setClientSoftwareName("apache-kafka-java").setClientSoftwareVersion("4.2.0");
  }

  static ApiVersionsResponseData apiVersionsResponse(int error) {
    ApiVersionsResponseData.ApiVersionCollection keys = new ApiVersionsResponseData.ApiVersionCollection();
    for (ApiKeys k : new ApiKeys[] {ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.METADATA, ApiKeys.API_VERSIONS}) {
      keys.add(new ApiVersionsResponseData.ApiVersion().setApiKey(k.id).setMinVersion(k.oldestVersion())
          .setMaxVersion(k.latestVersion()));
    }
    return new ApiVersionsResponseData().setErrorCode((short) error).setApiKeys(keys);
  }

  static MetadataRequestData metadataRequest(String... topics) {
    List<MetadataRequestData.MetadataRequestTopic> l = new ArrayList<>();
    for (String t : topics) {
      l.add(new MetadataRequestData.MetadataRequestTopic().setName(t));
    }
    return new MetadataRequestData().setTopics(l).setAllowAutoTopicCreation(true);
  }

  /** A one-broker cluster; topic {@code i} has error {@code errors[i]}. */
  static MetadataResponseData metadataResponse(String[] topics, int[] errors) {
    MetadataResponseData.MetadataResponseBrokerCollection brokers = new MetadataResponseData.MetadataResponseBrokerCollection();
    brokers.add(new MetadataResponseData.MetadataResponseBroker().setNodeId(1).setHost("kafka-0.kafka").setPort(9092)
        .setRack("rack-a"));
    MetadataResponseData.MetadataResponseTopicCollection ts = new MetadataResponseData.MetadataResponseTopicCollection();
    for (int i = 0; i < topics.length; i++) {
      List<MetadataResponseData.MetadataResponsePartition> parts = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        parts.add(new MetadataResponseData.MetadataResponsePartition().setPartitionIndex(p).setLeaderId(1)
            .setReplicaNodes(List.of(1)).setIsrNodes(List.of(1)));
      }
      ts.add(new MetadataResponseData.MetadataResponseTopic().setName(topics[i]).setErrorCode((short) errors[i])
          .setTopicId(Uuid.randomUuid()).setPartitions(parts));
    }
    return new MetadataResponseData().setBrokers(brokers).setClusterId("c1").setControllerId(1).setTopics(ts);
  }

  static InitProducerIdRequestData initProducerIdRequest() {
    return new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000);
  }

  static InitProducerIdResponseData initProducerIdResponse() {
    return new InitProducerIdResponseData().setProducerId(4000).setProducerEpoch((short) 0);
  }

  /** Topic {@code topics[i]} gets record set {@code sets[i]} on partition 0 (by id where {@code byId}). */
  static ProduceRequestData produceRequest(int acks, String transactionalId, String[] topics, boolean byId,
      MemoryRecords... sets) {
    ProduceRequestData.TopicProduceDataCollection c = new ProduceRequestData.TopicProduceDataCollection();
    for (int i = 0; i < topics.length; i++) {
      ProduceRequestData.TopicProduceData t = new ProduceRequestData.TopicProduceData().setPartitionData(
          List.of(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(sets[i])));
      if (byId) {
        t.setTopicId(ORDERS_ID);
      } else {
        t.setName(topics[i]);
      }
      c.add(t);
    }
    return new ProduceRequestData().setAcks((short) acks).setTimeoutMs(30_000).setTransactionalId(transactionalId)
        .setTopicData(c);
  }

  /** One topic with one partition per error code. */
  static ProduceResponseData produceResponse(String topic, int... errors) {
    List<ProduceResponseData.PartitionProduceResponse> parts = new ArrayList<>();
    for (int i = 0; i < errors.length; i++) {
      parts.add(new ProduceResponseData.PartitionProduceResponse().setIndex(i).setErrorCode((short) errors[i])
          .setBaseOffset(errors[i] == 0 ? 100 : -1).setErrorMessage(errors[i] == 0 ? null : "leader moved"));
    }
    ProduceResponseData.TopicProduceResponseCollection c = new ProduceResponseData.TopicProduceResponseCollection();
    c.add(new ProduceResponseData.TopicProduceResponse().setName(topic).setPartitionResponses(parts));
    return new ProduceResponseData().setResponses(c);
  }

  static FetchRequestData fetchRequest(boolean byId, String... topics) {
    List<FetchRequestData.FetchTopic> l = new ArrayList<>();
    for (String t : topics) {
      FetchRequestData.FetchTopic f = new FetchRequestData.FetchTopic().setPartitions(List.of(
          new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(42).setPartitionMaxBytes(1 << 20)));
      if (byId) {
        f.setTopicId(ORDERS_ID);
      } else {
        f.setTopic(t);
      }
      l.add(f);
    }
    return new FetchRequestData().setMaxWaitMs(500).setMinBytes(1).setMaxBytes(50 << 20).setTopics(l)
        .setSessionEpoch(-1);
  }

  /** One topic, partition {@code i} returns record set {@code sets[i]} with error {@code errors[i]}. */
  static FetchResponseData fetchResponse(int topError, String topic, Uuid id, int[] errors, MemoryRecords... sets) {
    List<FetchResponseData.PartitionData> parts = new ArrayList<>();
    for (int i = 0; i < sets.length; i++) {
      parts.add(new FetchResponseData.PartitionData().setPartitionIndex(i).setErrorCode((short) errors[i])
          .setHighWatermark(1000).setLastStableOffset(1000).setLogStartOffset(0)
          .setAbortedTransactions(i == 0 ? List.of(new FetchResponseData.AbortedTransaction().setProducerId(7)
              .setFirstOffset(3)) : null)
          .setRecords(sets[i]));
    }
    FetchResponseData.FetchableTopicResponse t = new FetchResponseData.FetchableTopicResponse().setPartitions(parts);
    if (id != null) {
      t.setTopicId(id);
    } else {
      t.setTopic(topic);
    }
    return new FetchResponseData().setErrorCode((short) topError).setSessionId(12).setResponses(List.of(t));
  }
}
