package io.wirelake.schemas;

/** Names of the Kafka topics wirelake writes and reads. */
public final class Topics {
  private Topics() {}

  /** Captured segments (the event log), Avro {@link Segment}, keyed by canonical flow key. */
  public static final String SEGMENTS = "wirelake.segments";

  /** Kubernetes metadata events. */
  public static final String WORKLOADS = "wirelake.workloads";

  /**
   * Per capture source, how many of its frames are committed to {@link #SEGMENTS}; written in the same
   * Kafka transaction as the segments, so an interrupted replay resumes where it stopped. Compacted.
   */
  public static final String INGEST_LOG = "wirelake.ingest-log";
}
