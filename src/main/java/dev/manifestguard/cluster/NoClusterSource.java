package dev.manifestguard.cluster;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** The cluster-state source when no cluster is configured: reference rules stay silent. */
@ApplicationScoped
@DefaultBean
public class NoClusterSource implements ClusterStateSource {
  @Override
  public ClusterState state() {
    return NoClusterState.INSTANCE;
  }

  @Override
  public boolean ready() {
    return true;
  }
}
