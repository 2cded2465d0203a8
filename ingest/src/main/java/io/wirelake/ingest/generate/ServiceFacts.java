package io.wirelake.ingest.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * Who a workload of the virtual cluster is, as Kubernetes would report it: its name, namespace,
 * the port it serves on and its pods' stable IPs (dotted quads, 10.244.x.y). Lets tests and later
 * workload events tie the generated traffic's addresses to names.
 *
 * @param name service name, e.g. "payments"
 * @param namespace "default" for services, "ingress-nginx" for the ingress, "kube-system" for
 *     kube-dns
 * @param port the port its pods listen on
 * @param podIps its pods' IPv4 addresses, stable for a seed; for kube-dns, the ClusterIP
 *     (10.96.0.10) its clients send their queries to
 */
public record ServiceFacts(String name, String namespace, int port, List<String> podIps) {

  public ServiceFacts {
    podIps = List.copyOf(podIps);
  }

  static ServiceFacts of(Service service, String namespace) {
    List<String> ips = new ArrayList<>();
    for (int ip : service.podIps()) {
      ips.add(dotted(ip));
    }
    return new ServiceFacts(service.name(), namespace, service.port(), ips);
  }

  static String dotted(int ip) {
    return (ip >>> 24) + "." + (ip >>> 16 & 0xff) + "." + (ip >>> 8 & 0xff) + "." + (ip & 0xff);
  }
}
