package io.wirelake.ingest.generate;

/**
 * A dependency of the virtual cluster's services, outside the HTTP call graph: where it listens
 * (a pod IP, or kube-dns's ClusterIP as its clients address it) and on which port.
 */
enum Dependency {
  REDIS("redis-cache", "default", 6379, 10 << 24 | 244 << 16 | 7 << 8 | 200),
  POSTGRES("postgres", "default", 5432, 10 << 24 | 244 << 16 | 4 << 8 | 201),
  DNS("kube-dns", "kube-system", 53, 10 << 24 | 96 << 16 | 10);

  private final String serviceName;
  private final String namespace;
  private final int port;
  private final int ip;

  Dependency(String serviceName, String namespace, int port, int ip) {
    this.serviceName = serviceName;
    this.namespace = namespace;
    this.port = port;
    this.ip = ip;
  }

  String serviceName() {
    return serviceName;
  }

  int port() {
    return port;
  }

  int ip() {
    return ip;
  }

  ServiceFacts facts() {
    return new ServiceFacts(serviceName, namespace, port,
        java.util.List.of(ServiceFacts.dotted(ip)));
  }
}
