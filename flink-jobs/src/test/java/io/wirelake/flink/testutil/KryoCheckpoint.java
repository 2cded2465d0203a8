package io.wirelake.flink.testutil;

import io.wirelake.flink.tcp.FlowTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** A tracker through Flink's Kryo fallback serializer and back, as a checkpoint and a restore do it. */
public final class KryoCheckpoint {
  private static final KryoSerializer<FlowTracker> SERIALIZER =
      new KryoSerializer<>(FlowTracker.class, new SerializerConfigImpl());

  private KryoCheckpoint() {}

  public static FlowTracker roundTrip(FlowTracker tracker) {
    try {
      DataOutputSerializer out = new DataOutputSerializer(4096);
      SERIALIZER.serialize(tracker, out);
      return SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
