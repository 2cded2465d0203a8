package io.wirelake.flink.http;

import java.util.Arrays;

/** Capped body buffers of the HTTP dissectors: grown geometrically, never past the body cap. */
public final class BodyBuffers {
  private BodyBuffers() {}

  /** {@code b} if it holds {@code need} bytes, else a copy grown to at least that (at most {@code cap}). */
  public static byte[] grow(byte[] b, int need, int cap) {
    if (b != null && b.length >= need) {
      return b;
    }
    int size = Math.min(cap, Math.max(need, Math.max(256, b == null ? 0 : b.length * 2)));
    return b == null ? new byte[size] : Arrays.copyOf(b, size);
  }
}
