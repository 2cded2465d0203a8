package io.wirelake.lakehouse.evidence;

import java.util.Arrays;
import java.util.Comparator;

/**
 * One row of {@code net.segments} as the capture file needs it.
 *
 * @param tsMicros capture time, microseconds since the epoch
 * @param iface capture interface; null if the source had none
 * @param frame the captured bytes, from the link layer
 */
record SegmentFrame(
    long tsMicros, String node, String iface, int linkType, String flowId, byte[] frame, int origLen) {

  /**
   * Capture order: time, then node, interface, link type, flow and the frame bytes themselves, so
   * frames with equal timestamps come out the same way however the table's files are laid out.
   */
  static final Comparator<SegmentFrame> ORDER =
      Comparator.comparingLong(SegmentFrame::tsMicros)
          .thenComparing(SegmentFrame::node)
          .thenComparing(SegmentFrame::iface, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparingInt(SegmentFrame::linkType)
          .thenComparing(SegmentFrame::flowId)
          .thenComparing(SegmentFrame::frame, Arrays::compareUnsigned)
          .thenComparingInt(SegmentFrame::origLen);

  InterfaceKey interfaceKey() {
    return new InterfaceKey(node, iface, linkType);
  }

  /** One pcapng interface: a capture interface of a node with its link type. */
  record InterfaceKey(String node, String iface, int linkType) {
    static final Comparator<InterfaceKey> ORDER =
        Comparator.comparing(InterfaceKey::node)
            .thenComparing(InterfaceKey::iface, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(InterfaceKey::linkType);
  }
}
