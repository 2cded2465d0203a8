package io.wirelake.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Connections to a cluster's API server for the {@link MetadataWatcher}, chosen the way kubectl users expect:
 * an explicit kubeconfig, an explicit server URL, the pod's service account when running in a cluster, else
 * {@code KUBECONFIG} or {@code ~/.kube/config}.
 */
public final class KubeClients {
  private KubeClients() {}

  /**
   * A client for the cluster.
   *
   * @param kubeconfig a kubeconfig file (its current context), or null
   * @param apiServer the API server's base URL, or null; with a kubeconfig it overrides the context's server,
   *     alone it is used without credentials (for example {@code kubectl proxy}'s {@code http://127.0.0.1:8001})
   * @throws IllegalArgumentException when no configuration can be found, saying what to pass
   */
  public static ApiClient connect(Path kubeconfig, String apiServer) throws IOException {
    String server = apiServer == null || apiServer.isBlank() ? null : stripSlash(apiServer.trim());
    if (kubeconfig != null) {
      if (!Files.isRegularFile(kubeconfig)) {
        throw new IllegalArgumentException("--kubeconfig " + kubeconfig + ": no such file");
      }
      ApiClient client = Config.fromConfig(kubeconfig.toString());
      if (server != null) {
        client.setBasePath(server);
      }
      return client;
    }
    if (server != null) {
      return Config.fromUrl(server);
    }
    if (inCluster()) {
      return ClientBuilder.cluster().build();
    }
    String env = System.getenv(Config.ENV_KUBECONFIG);
    Path home = Path.of(System.getProperty("user.home"), ".kube", "config");
    if ((env == null || env.isBlank()) && !Files.isRegularFile(home)) {
      throw new IllegalArgumentException("no Kubernetes configuration found: pass --kubeconfig FILE or --api-server URL,"
          + " set KUBECONFIG, or run in a pod with a service account");
    }
    return ClientBuilder.standard(false).build();
  }

  /** True inside a pod: the service host is set and the service account token is mounted. */
  static boolean inCluster() {
    String host = System.getenv(Config.ENV_SERVICE_HOST);
    return host != null && !host.isBlank() && Files.isRegularFile(Path.of(Config.SERVICEACCOUNT_TOKEN_PATH));
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
