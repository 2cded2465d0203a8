package io.wirelake.lakehouse.security;

import io.wirelake.lakehouse.query.PeerNames;
import io.wirelake.lakehouse.query.Row;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Collects calls and flows whose server is outside the cluster, per destination: all of them
 * (egress) and, separately, the calls made in plaintext HTTP.
 */
final class ExternalTraffic {

  /** Application protocols that carry HTTP without TLS when the dissector saw them in clear. */
  static final Set<String> PLAINTEXT_HTTP = Set.of("http/1.1", "http/1.0", "http/2", "h2c");

  private final InternalNetworks networks;
  private final Map<String, Destination> egress = new TreeMap<>();
  private final Map<String, Destination> plaintext = new TreeMap<>();

  ExternalTraffic(InternalNetworks networks) {
    this.networks = networks;
  }

  /** {@code server_external} where the table knows it, else the address against the networks. */
  boolean isExternal(Row row) {
    Object flag = row.get("server_external");
    if (flag instanceof Boolean known) {
      return known;
    }
    return !networks.isInternal(row.string("server_ip"));
  }

  void addCall(Row call) {
    if (!isExternal(call)) {
      return;
    }
    destination(egress, call).addCall(call);
    String protocol = call.string("protocol");
    if (protocol != null && PLAINTEXT_HTTP.contains(protocol.toLowerCase(java.util.Locale.ROOT))) {
      destination(plaintext, call).addCall(call);
    }
  }

  void addFlow(Row flow) {
    if (isExternal(flow)) {
      Destination d = destination(egress, flow);
      d.flows++;
      d.clients.add(PeerNames.client(flow));
    }
  }

  List<ExternalDestination> egress() {
    return sorted(egress);
  }

  List<ExternalDestination> plaintext() {
    return sorted(plaintext);
  }

  private static Destination destination(Map<String, Destination> map, Row row) {
    String address = PeerNames.address(row.string("server_ip"), row.intValue("server_port"));
    Destination d = map.computeIfAbsent(address, Destination::new);
    if (d.service == null) {
      d.service = row.string("server_service");
    }
    return d;
  }

  private static List<ExternalDestination> sorted(Map<String, Destination> map) {
    List<ExternalDestination> list = new ArrayList<>();
    map.values().forEach(d -> list.add(new ExternalDestination(
        d.address, d.service, d.calls, d.flows, List.copyOf(d.protocols), List.copyOf(d.clients),
        d.examples.toList())));
    list.sort(Comparator.comparingLong((ExternalDestination d) -> d.calls() + d.flows()).reversed());
    return list;
  }

  private static final class Destination {
    final String address;
    String service;
    long calls;
    long flows;
    final Set<String> protocols = new TreeSet<>();
    final Set<String> clients = new TreeSet<>();
    final FirstFive examples = new FirstFive();

    Destination(String address) {
      this.address = address;
    }

    void addCall(Row call) {
      calls++;
      if (call.string("protocol") != null) {
        protocols.add(call.string("protocol"));
      }
      clients.add(PeerNames.client(call));
      examples.offer(call.string("id"));
    }
  }
}
