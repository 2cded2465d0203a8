package io.wirelake.ingest.live;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/**
 * Opens a libpcap handle as live capture wants it (non-blocking, 10 ms block timeout, filtered), turning libpcap's
 * failures into sentences: libpcap missing, no such interface (with the ones there are), no permission.
 */
final class InterfaceOpener {
  private InterfaceOpener() {}

  static PcapHandle open(LiveCaptureSettings s) throws CaptureOpenException {
    List<String> names = interfaces();
    if (!names.contains(s.iface())) {
      throw new CaptureOpenException("no such interface: " + s.iface() + " (available: "
          + (names.isEmpty() ? "none visible, which usually means no permission: run as root or with CAP_NET_RAW"
              : String.join(", ", names)) + ")", null);
    }
    PcapHandle h;
    try {
      h = new PcapHandle.Builder(s.iface())
          .snaplen(s.snaplen())
          .promiscuousMode(s.promiscuous() ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
              : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
          // Not immediate mode: libpcap then falls back to TPACKET_V2, whose ring slots are snaplen-sized (64 KiB
          // each at the default snaplen, so 8 MiB holds 128 frames). TPACKET_V3 packs frames into blocks that are
          // handed over when full or after this short timeout, which bounds the added latency.
          .timeoutMillis(10)
          .immediateMode(false)
          .bufferSize(s.kernelBufferBytes())
          .build();
    } catch (PcapNativeException e) {
      throw new CaptureOpenException(describe(s.iface(), e.getMessage()), e);
    }
    try {
      if (s.hasFilter()) {
        h.setFilter(s.bpf(), BpfProgram.BpfCompileMode.OPTIMIZE);
      }
      h.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
      return h;
    } catch (PcapNativeException | NotOpenException e) {
      h.close();
      throw new CaptureOpenException(s.hasFilter()
          ? "invalid BPF filter \"" + s.bpf() + "\" on " + s.iface() + ": " + e.getMessage()
          : "could not set up capture on " + s.iface() + ": " + e.getMessage(), e);
    }
  }

  /** Names of the interfaces libpcap can see. */
  static List<String> interfaces() throws CaptureOpenException {
    try {
      return Pcaps.findAllDevs().stream().map(PcapNetworkInterface::getName).collect(Collectors.toList());
    } catch (PcapNativeException e) {
      throw new CaptureOpenException(describe("any interface", e.getMessage()), e);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new CaptureOpenException("libpcap is not installed or could not be loaded (Debian/Ubuntu: "
          + "apt-get install libpcap0.8): " + e.getMessage(), e);
    }
  }

  static String describe(String iface, String libpcapMessage) {
    String m = libpcapMessage == null ? "" : libpcapMessage;
    String lower = m.toLowerCase(Locale.ROOT);
    if (lower.contains("permission") || lower.contains("not permitted")) {
      return "no permission to capture on " + iface + ": live capture needs root or the CAP_NET_RAW capability "
          + "(CAP_NET_ADMIN too for promiscuous mode); libpcap said: " + m;
    }
    return "could not open " + iface + " for capture: " + m;
  }
}
