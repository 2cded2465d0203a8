package io.wirelake.mcp;

import java.util.List;

/**
 * Switches live capture on and off and reports how it runs, for the MCP tools {@code check_capture_status},
 * {@code start_capture} and {@code stop_capture} (served only when the server is started with
 * {@code --allow-control}). The embedded stack implements it with its local sniffer, a cluster with the sniffer
 * DaemonSet.
 */
public interface CaptureControl {

  /**
   * One node's capture. Counts are totals since that sniffer started; null where they could not be read (a
   * sniffer whose metrics endpoint did not answer).
   *
   * @param node the node name the sniffer stamps on its segments
   * @param capturing whether a capture is running there now
   * @param packets frames captured
   * @param kernelDrops frames libpcap reports dropped by the kernel
   * @param interfaceDrops frames libpcap reports dropped by the interface
   * @param queueDrops frames dropped (oldest first) from the bounded buffer in front of Kafka
   * @param produceErrors segments Kafka rejected or that timed out
   * @param lag frames captured and not yet acknowledged by Kafka (buffered or in flight)
   * @param detail a short note: the interface, the pod, why counts are missing
   */
  record NodeStatus(String node, boolean capturing, Long packets, Long kernelDrops, Long interfaceDrops,
      Long queueDrops, Long produceErrors, Long lag, String detail) {}

  /**
   * What a start or stop did.
   *
   * @param changed whether anything changed (false when it was already so)
   * @param message one sentence for the caller
   */
  record Outcome(boolean changed, String message) {}

  /** A node a request names is not one this control knows or can act on alone. */
  final class UnknownNodeException extends RuntimeException {
    public UnknownNodeException(String message) {
      super(message);
    }
  }

  /** Where capture is controlled, e.g. {@code embedded sniffer on lo} or {@code DaemonSet ns/name}. */
  String scope();

  /** Every node's capture, one row each. */
  List<NodeStatus> status();

  /**
   * Starts capture on {@code node}, or everywhere when it is null.
   *
   * @throws UnknownNodeException when {@code node} is not known
   */
  Outcome start(String node);

  /**
   * Stops capture on {@code node}, or everywhere when it is null, without removing the sniffer.
   *
   * @throws UnknownNodeException when {@code node} is not known
   */
  Outcome stop(String node);
}
