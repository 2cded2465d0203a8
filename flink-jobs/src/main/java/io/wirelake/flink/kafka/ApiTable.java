package io.wirelake.flink.kafka;

/**
 * The Kafka API keys 0..92: names, the highest version known (Apache Kafka 4.2; keys 4-7, removed in 4.0, with
 * their last versions), the first flexible version (compact strings, tagged fields; request header v2 and
 * response header v1 from there on) and the lowest version whose body layout {@link Programs} parses (older
 * versions had fields later removed from the schema).
 */
final class ApiTable {
  static final String[] NAMES = {
      "Produce", "Fetch", "ListOffsets", "Metadata", "LeaderAndIsr", "StopReplica", "UpdateMetadata",
      "ControlledShutdown", "OffsetCommit", "OffsetFetch", "FindCoordinator", "JoinGroup", "Heartbeat", "LeaveGroup",
      "SyncGroup", "DescribeGroups", "ListGroups", "SaslHandshake", "ApiVersions", "CreateTopics", "DeleteTopics",
      "DeleteRecords", "InitProducerId", "OffsetForLeaderEpoch", "AddPartitionsToTxn", "AddOffsetsToTxn", "EndTxn",
      "WriteTxnMarkers", "TxnOffsetCommit", "DescribeAcls", "CreateAcls", "DeleteAcls", "DescribeConfigs",
      "AlterConfigs", "AlterReplicaLogDirs", "DescribeLogDirs", "SaslAuthenticate", "CreatePartitions",
      "CreateDelegationToken", "RenewDelegationToken", "ExpireDelegationToken", "DescribeDelegationToken",
      "DeleteGroups", "ElectLeaders", "IncrementalAlterConfigs", "AlterPartitionReassignments",
      "ListPartitionReassignments", "OffsetDelete", "DescribeClientQuotas", "AlterClientQuotas",
      "DescribeUserScramCredentials", "AlterUserScramCredentials", "Vote", "BeginQuorumEpoch", "EndQuorumEpoch",
      "DescribeQuorum", "AlterPartition", "UpdateFeatures", "Envelope", "FetchSnapshot", "DescribeCluster",
      "DescribeProducers", "BrokerRegistration", "BrokerHeartbeat", "UnregisterBroker", "DescribeTransactions",
      "ListTransactions", "AllocateProducerIds", "ConsumerGroupHeartbeat", "ConsumerGroupDescribe",
      "ControllerRegistration", "GetTelemetrySubscriptions", "PushTelemetry", "AssignReplicasToDirs",
      "ListConfigResources", "DescribeTopicPartitions", "ShareGroupHeartbeat", "ShareGroupDescribe", "ShareFetch",
      "ShareAcknowledge", "AddRaftVoter", "RemoveRaftVoter", "UpdateRaftVoter", "InitializeShareGroupState",
      "ReadShareGroupState", "WriteShareGroupState", "DeleteShareGroupState", "ReadShareGroupStateSummary",
      "StreamsGroupHeartbeat", "StreamsGroupDescribe", "DescribeShareGroupOffsets", "AlterShareGroupOffsets",
      "DeleteShareGroupOffsets"};

  /** Highest known version per key. */
  private static final byte[] MAX_VERSION = {
      13, 18, 11, 13, 7, 4, 8, 3, 10, 10, // 0-9
      6, 9, 4, 5, 5, 6, 5, 1, 4, 7, // 10-19
      6, 2, 6, 4, 5, 4, 5, 2, 5, 3, // 20-29
      3, 3, 4, 2, 2, 4, 2, 3, 3, 2, // 30-39
      2, 3, 2, 2, 1, 1, 0, 0, 1, 1, // 40-49
      0, 0, 2, 1, 1, 2, 3, 2, 0, 1, // 50-59
      2, 0, 4, 1, 0, 0, 2, 0, 1, 1, // 60-69
      0, 0, 0, 0, 1, 0, 1, 1, 2, 2, // 70-79
      1, 0, 0, 0, 0, 1, 0, 1, 0, 0, // 80-89
      1, 0, 0};

  static final int NEVER = 127;
  private static final byte N = (byte) NEVER;

  /** First flexible version per key; {@link #NEVER} for keys that never became flexible. */
  private static final byte[] FLEXIBLE_FROM = {
      9, 12, 6, 9, 4, 2, 6, 3, 8, 6, // 0-9
      3, 6, 4, 4, 4, 5, 3, N, 3, 5, // 10-19
      4, 2, 2, 4, 3, 3, 3, 1, 3, 2, // 20-29
      2, 2, 4, 2, 2, 2, 2, 2, 2, 2, // 30-39
      2, 2, 2, 2, 1, 0, 0, N, 1, 1, // 40-49
      0, 0, 0, 1, 1, 0, 0, 0, 0, 0, // 50-59
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 60-69
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 70-79
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 80-89
      0, 0, 0};


  static final int PRODUCE = 0;
  static final int FETCH = 1;
  static final int LIST_OFFSETS = 2;
  static final int METADATA = 3;
  static final int CONTROLLED_SHUTDOWN = 7;
  static final int OFFSET_COMMIT = 8;
  static final int OFFSET_FETCH = 9;
  static final int SASL_HANDSHAKE = 17;
  static final int API_VERSIONS = 18;
  static final int SASL_AUTHENTICATE = 36;

  private ApiTable() {}

  static boolean known(int key) {
    return key >= 0 && key < NAMES.length;
  }

  /** True if {@code version} of {@code key} is a version some Kafka release speaks. */
  static boolean knownVersion(int key, int version) {
    return known(key) && version >= 0 && version <= MAX_VERSION[key];
  }

  static int maxVersion(int key) {
    return MAX_VERSION[key];
  }

  /** The API name, or {@code ApiKey(n)} for a key outside the table. */
  static String name(int key) {
    return known(key) ? NAMES[key] : "ApiKey(" + key + ")";
  }

  static boolean flexible(int key, int version) {
    return known(key) && version >= FLEXIBLE_FROM[key];
  }

  /** Request header version: 2 (client id and tagged fields) for flexible versions, 0 for ControlledShutdown v0, else 1. */
  static int requestHeaderVersion(int key, int version) {
    if (key == CONTROLLED_SHUTDOWN && version == 0) {
      return 0;
    }
    return flexible(key, version) ? 2 : 1;
  }

  /** Response header version: 1 (tagged fields after the correlation id) for flexible versions except ApiVersions. */
  static int responseHeaderVersion(int key, int version) {
    return key != API_VERSIONS && flexible(key, version) ? 1 : 0;
  }

  /** SASL exchanges: their bodies carry credentials. */
  static boolean isSasl(int key) {
    return key == SASL_HANDSHAKE || key == SASL_AUTHENTICATE;
  }
}
