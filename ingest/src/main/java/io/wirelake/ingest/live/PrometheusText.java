package io.wirelake.ingest.live;

/** The counters of a live capture in the Prometheus text exposition format (version 0.0.4). */
public final class PrometheusText {
  /** The content type of {@link #render}'s output. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  public static String render(CaptureCounters.Snapshot s, String iface, String node) {
    String labels = "{interface=\"" + escape(iface) + "\",node=\"" + escape(node) + "\"}";
    StringBuilder b = new StringBuilder(2048);
    counter(b, "wirelake_sniffer_captured_frames_total", "Frames read from libpcap.", labels, s.captured());
    counter(b, "wirelake_sniffer_kernel_drops_total", "Frames libpcap reports dropped by the kernel (ps_drop).",
        labels, s.kernelDrops());
    counter(b, "wirelake_sniffer_interface_drops_total",
        "Frames libpcap reports dropped by the interface (ps_ifdrop).", labels, s.interfaceDrops());
    counter(b, "wirelake_sniffer_queue_drops_total",
        "Frames dropped, oldest first, because the bounded queue to Kafka was full.", labels, s.queueDrops());
    counter(b, "wirelake_sniffer_produced_segments_total", "Segments acknowledged by Kafka.", labels, s.produced());
    counter(b, "wirelake_sniffer_produce_errors_total", "Segments Kafka rejected or that timed out.", labels,
        s.produceErrors());
    counter(b, "wirelake_sniffer_decode_skips_total", "Frames that are not TCP or UDP over IP.", labels,
        s.decodeSkips());
    counter(b, "wirelake_sniffer_produced_bytes_total", "Captured bytes of the segments Kafka acknowledged.",
        labels, s.bytesProduced());
    gauge(b, "wirelake_sniffer_queue_frames", "Frames waiting for Kafka.", labels, s.queuedFrames());
    gauge(b, "wirelake_sniffer_queue_bytes", "Bytes waiting for Kafka.", labels, s.queuedBytes());
    gauge(b, "wirelake_sniffer_queue_capacity_bytes", "Bound of the queue to Kafka.", labels,
        s.queueCapacityBytes());
    return b.toString();
  }

  private static void counter(StringBuilder b, String name, String help, String labels, long v) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" counter\n");
    b.append(name).append(labels).append(' ').append(v).append('\n');
  }

  private static void gauge(StringBuilder b, String name, String help, String labels, long v) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" gauge\n");
    b.append(name).append(labels).append(' ').append(v).append('\n');
  }

  private static String escape(String v) {
    return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
