package dev.manifestguard.cluster;

/**
 * Cluster state read once from a live cluster for the CLI ({@code check --kubeconfig FILE [--context NAME]}).
 *
 * <p>Placeholder: the CLI already calls this seam, so that a real implementation (read-only list calls through
 * fabric8, returning a {@link ClusterState}) only has to replace the body of {@link #read}. Until then every call
 * fails with {@link UnsupportedOperationException}, which the CLI reports as a usage error (exit 2).
 */
public final class LiveSnapshot {
  private LiveSnapshot() {}

  /**
   * @param kubeconfig path of the kubeconfig file
   * @param context the context to use, or null for the file's current context
   * @return what the cluster holds, as far as reference rules need it
   * @throws UnsupportedOperationException always, for now
   */
  public static ClusterState read(String kubeconfig, String context) {
    throw new UnsupportedOperationException("--kubeconfig is not supported yet");
  }
}
