package dev.manifestguard.cluster;

/**
 * Where the webhook gets its cluster state from. The live implementation keeps informer caches;
 * with no cluster it hands out {@link NoClusterState} and is ready at once.
 */
public interface ClusterStateSource {
  ClusterState state();

  /**
   * True once every cache has synced (or at once when there is no cluster). Drives the readiness
   * probe.
   */
  boolean ready();
}
