package io.wirelake.flink.tcp;

/**
 * Limits and switches of TCP reassembly and L7 dissection. Immutable; copy with the {@code with*} methods.
 *
 * <p>A plain class rather than a record on purpose: it is referenced from checkpointed state (Kryo fallback
 * serializer), which needs a no-arg constructor and settable fields.
 */
public final class DissectionConfig implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** A connection without packets for this long (event time) ends with close reason {@code timeout}. */
  private long idleTimeoutMicros = 120_000_000L;
  /** A hole in a direction's byte stream that stays unfilled this long (event time) is skipped. */
  private long gapTimeoutMicros = 10_000_000L;
  /** Out-of-order bytes a connection may buffer (both directions) before its oldest hole is skipped. */
  private long maxBufferedBytesPerConnection = 4L << 20;
  /** Out-of-order bytes all connections of one flow key may buffer together. */
  private long maxBufferedBytesTotal = 16L << 20;
  /** After both FINs, how long to wait for the last ACK before the connection is ended anyway. */
  private long finWaitMicros = 2_000_000L;
  /** After a connection ended, stray non-SYN packets of the same flow key are absorbed this long. */
  private long closedLingerMicros = 60_000_000L;
  /** Body bytes stored per message ({@code request_body}/{@code response_body}). */
  private int bodyCapBytes = 64 * 1024;
  /** Largest header block accepted; longer is a malformed message. */
  private int maxHeaderBytes = 64 * 1024;
  /** Mask secrets in stored headers. */
  private boolean maskSecrets = true;
  /** Header names (lowercase) masked in addition to the built-in credential names. */
  private java.util.ArrayList<String> maskedHeaders = new java.util.ArrayList<>();
  /** Header names (lowercase) stored in clear although they look like credentials. */
  private java.util.ArrayList<String> unmaskedHeaders = new java.util.ArrayList<>();

  private DissectionConfig() {}

  public static DissectionConfig defaults() {
    return new DissectionConfig();
  }

  private DissectionConfig copy() {
    DissectionConfig c = new DissectionConfig();
    c.idleTimeoutMicros = idleTimeoutMicros;
    c.gapTimeoutMicros = gapTimeoutMicros;
    c.maxBufferedBytesPerConnection = maxBufferedBytesPerConnection;
    c.maxBufferedBytesTotal = maxBufferedBytesTotal;
    c.finWaitMicros = finWaitMicros;
    c.closedLingerMicros = closedLingerMicros;
    c.bodyCapBytes = bodyCapBytes;
    c.maxHeaderBytes = maxHeaderBytes;
    c.maskSecrets = maskSecrets;
    c.maskedHeaders = new java.util.ArrayList<>(maskedHeaders);
    c.unmaskedHeaders = new java.util.ArrayList<>(unmaskedHeaders);
    return c;
  }

  public DissectionConfig withIdleTimeoutMicros(long v) { DissectionConfig c = copy(); c.idleTimeoutMicros = v; return c; }
  public DissectionConfig withGapTimeoutMicros(long v) { DissectionConfig c = copy(); c.gapTimeoutMicros = v; return c; }
  public DissectionConfig withMaxBufferedBytesPerConnection(long v) { DissectionConfig c = copy(); c.maxBufferedBytesPerConnection = v; return c; }
  public DissectionConfig withMaxBufferedBytesTotal(long v) { DissectionConfig c = copy(); c.maxBufferedBytesTotal = v; return c; }
  public DissectionConfig withFinWaitMicros(long v) { DissectionConfig c = copy(); c.finWaitMicros = v; return c; }
  public DissectionConfig withClosedLingerMicros(long v) { DissectionConfig c = copy(); c.closedLingerMicros = v; return c; }
  public DissectionConfig withBodyCapBytes(int v) { DissectionConfig c = copy(); c.bodyCapBytes = v; return c; }
  public DissectionConfig withMaxHeaderBytes(int v) { DissectionConfig c = copy(); c.maxHeaderBytes = v; return c; }
  public DissectionConfig withMaskSecrets(boolean v) { DissectionConfig c = copy(); c.maskSecrets = v; return c; }

  public long idleTimeoutMicros() { return idleTimeoutMicros; }
  public long gapTimeoutMicros() { return gapTimeoutMicros; }
  public long maxBufferedBytesPerConnection() { return maxBufferedBytesPerConnection; }
  public long maxBufferedBytesTotal() { return maxBufferedBytesTotal; }
  public long finWaitMicros() { return finWaitMicros; }
  public long closedLingerMicros() { return closedLingerMicros; }
  public int bodyCapBytes() { return bodyCapBytes; }
  public int maxHeaderBytes() { return maxHeaderBytes; }
  public boolean maskSecrets() { return maskSecrets; }

  /** Masks these headers too (names are case-insensitive). */
  public DissectionConfig withMaskedHeaders(String... names) {
    DissectionConfig c = copy();
    for (String n : names) {
      c.maskedHeaders.add(n.toLowerCase(java.util.Locale.ROOT));
    }
    return c;
  }

  /** Stores these headers in clear even where they look like credentials (names are case-insensitive). */
  public DissectionConfig withUnmaskedHeaders(String... names) {
    DissectionConfig c = copy();
    for (String n : names) {
      c.unmaskedHeaders.add(n.toLowerCase(java.util.Locale.ROOT));
    }
    return c;
  }

  public java.util.List<String> maskedHeaders() { return java.util.Collections.unmodifiableList(maskedHeaders); }

  public java.util.List<String> unmaskedHeaders() { return java.util.Collections.unmodifiableList(unmaskedHeaders); }

  @Override
  public String toString() {
    return "DissectionConfig{idle=" + idleTimeoutMicros + "us, gap=" + gapTimeoutMicros + "us, connCap="
        + maxBufferedBytesPerConnection + ", totalCap=" + maxBufferedBytesTotal + ", finWait=" + finWaitMicros
        + "us, linger=" + closedLingerMicros + "us, bodyCap=" + bodyCapBytes + ", maxHeader=" + maxHeaderBytes
        + ", mask=" + maskSecrets + "}";
  }
}
