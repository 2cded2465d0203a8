package io.wirelake.flink.enrich;

import io.wirelake.lakehouse.workload.WorkloadTimeline;
import io.wirelake.schemas.AvroTrust;
import io.wirelake.schemas.WorkloadEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.message.BinaryMessageDecoder;

/**
 * A Kubernetes {@link WorkloadEvent} as it travels through the job and sits in broadcast state: its identity
 * (object and time), its time, and the Avro single-object encoding it was read in. Keeping the bytes avoids
 * a Flink serializer for Avro's generated classes and keeps checkpoints compact.
 */
public record WorkloadChange(String id, long tsMicros, byte[] avro) {

  /** Decodes Avro single-object encoded bytes; throws on bytes that are not a workload event. */
  public static WorkloadChange fromAvro(byte[] avro) {
    WorkloadEvent e = decode(avro);
    long ts = WorkloadTimeline.micros(e.getTs());
    String id = e.getKind() + "/" + (e.getNamespace() == null ? "" : e.getNamespace()) + "/" + e.getName()
        + "@" + ts;
    return new WorkloadChange(id, ts, avro);
  }

  /** The event. */
  public WorkloadEvent event() {
    return decode(avro);
  }

  private static WorkloadEvent decode(byte[] avro) {
    AvroTrust.trustWirelakeSchemas();
    BinaryMessageDecoder<WorkloadEvent> decoder = WorkloadEvent.getDecoder();
    try {
      return decoder.decode(ByteBuffer.wrap(avro));
    } catch (IOException e) {
      throw new UncheckedIOException("not a workload event: " + e.getMessage(), e);
    }
  }
}
