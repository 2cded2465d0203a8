package io.wirelake.lakehouse.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.ingest.capture.CapturedFrame;
import io.wirelake.ingest.decode.DecodedFrame;
import io.wirelake.ingest.decode.FrameDecoder;
import io.wirelake.ingest.generate.GeneratorConfig;
import io.wirelake.ingest.generate.TrafficGenerator;
import io.wirelake.schemas.IpAddresses;
import io.wirelake.schemas.WorkloadEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The traffic generator's virtual cluster metadata must describe its traffic: resolved as of each connection's time, every
 * client is a pod of a workload and every server a service listening on the port called, also across the
 * pod restart that hands one service's address to another.
 */
class GeneratedClusterMetadataTest {
  private static final long START = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z
  private static final int SYN = 0x02;
  private static final int ACK = 0x10;

  @Test
  void metadataResolvesEveryConnectionToTheServiceItCallsAcrossTheAddressHandOver() {
    TrafficGenerator generator = new TrafficGenerator(GeneratorConfig.history(17, START, 2, 4_000, 8));
    List<WorkloadEvent> events = generator.workloadEvents();
    WorkloadTimeline timeline = new WorkloadTimeline(List.of());
    timeline.addAll(events);
    Map<String, Integer> portOfService = new HashMap<>();
    for (WorkloadEvent e : events) {
      if (e.getKind().equals("service")) {
        portOfService.put(e.getName(), e.getPorts().get(0));
      }
    }
    WorkloadEvent reused = events.stream()
        .filter(e -> e.getKind().equals("pod") && e.getAction().equals("deleted")).findFirst().orElseThrow();
    long handOver = WorkloadTimeline.micros(reused.getTs());
    String reusedIp = events.stream().filter(e -> e.getKind().equals("pod") && e.getAction().equals("added")
            && e.getTs().equals(reused.getTs()) && !e.getOwner().equals(reused.getOwner()))
        .findFirst().orElseThrow().getIps().get(0);

    FrameDecoder decoder = new FrameDecoder();
    Set<String> ownersOfReusedIp = new HashSet<>();
    int connections = 0;
    while (generator.hasNext()) {
      CapturedFrame f = generator.next();
      DecodedFrame d = decoder.decode(f.linkType(), f.data());
      if (d == null || d.l4Protocol() != 6 || (d.tcpFlags() & (SYN | ACK)) != SYN) {
        continue;
      }
      connections++;
      String server = IpAddresses.format(d.dstIp());
      WorkloadRef s = timeline.resolve(server, f.tsMicros(), 0);
      WorkloadRef c = timeline.resolve(IpAddresses.format(d.srcIp()), f.tsMicros(), 0);
      assertThat(s.service()).as("service of %s at %d", server, f.tsMicros()).isNotNull();
      assertThat(portOfService.get(s.service())).isEqualTo(d.dstPort());
      assertThat(c.workload()).as("client %s", IpAddresses.format(d.srcIp())).isNotNull();
      assertThat(s.external()).isFalse();
      if (server.equals(reusedIp)) {
        ownersOfReusedIp.add((f.tsMicros() < handOver ? "before:" : "after:") + s.service());
      }
    }
    assertThat(connections).isGreaterThan(1_000);
    // the address served one service before the restart and another after it, and was called as both
    assertThat(ownersOfReusedIp).hasSize(2)
        .anyMatch(o -> o.startsWith("before:")).anyMatch(o -> o.startsWith("after:"));
    assertThat(handOver).isEqualTo(START + GeneratorConfig.DAY_MICROS + 3 * 3_600_000_000L);
  }
}
