package io.wirelake.cli.capture;

import io.wirelake.ingest.live.CaptureCounters;
import io.wirelake.ingest.live.CaptureOpenException;
import io.wirelake.mcp.CaptureControl;
import java.util.List;

/** Capture control on the embedded stack ({@code up --allow-control}): the one local sniffer, one node. */
public final class EmbeddedCaptureControl implements CaptureControl {
  private final LocalSniffer sniffer;

  public EmbeddedCaptureControl(LocalSniffer sniffer) {
    this.sniffer = sniffer;
  }

  @Override
  public String scope() {
    return "embedded sniffer on " + sniffer.settings().iface();
  }

  @Override
  public List<NodeStatus> status() {
    CaptureCounters.Snapshot s = sniffer.totals();
    boolean capturing = sniffer.isCapturing();
    String detail = "interface " + sniffer.settings().iface()
        + (capturing ? (sniffer.isReady() ? "" : ", waiting for Kafka") : ", stopped")
        + "; buffer " + s.queuedBytes() + " of " + s.queueCapacityBytes() + " bytes";
    return List.of(new NodeStatus(node(), capturing, s.captured(), s.kernelDrops(), s.interfaceDrops(),
        s.queueDrops(), s.produceErrors(), s.inFlight(), detail));
  }

  @Override
  public Outcome start(String node) {
    check(node);
    try {
      return sniffer.start()
          ? new Outcome(true, "capture started on " + node() + " (" + sniffer.settings().iface() + ")")
          : new Outcome(false, "capture already running on " + node() + " (" + sniffer.settings().iface() + ")");
    } catch (CaptureOpenException e) {
      throw new IllegalStateException("cannot start capture on " + sniffer.settings().iface() + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public Outcome stop(String node) {
    check(node);
    return sniffer.stop()
        ? new Outcome(true, "capture stopped on " + node() + " (" + sniffer.settings().iface()
            + "); queued frames were sent to Kafka")
        : new Outcome(false, "capture was not running on " + node());
  }

  private String node() {
    return sniffer.settings().node();
  }

  private void check(String node) {
    if (node != null && !node.equals(node())) {
      throw new UnknownNodeException("no sniffer on node '" + node + "'; this embedded stack has one: " + node());
    }
  }
}
