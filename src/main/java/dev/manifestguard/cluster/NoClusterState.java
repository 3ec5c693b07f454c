package dev.manifestguard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** No cluster at all: every lookup is unknown. */
public final class NoClusterState implements ClusterState {
  public static final NoClusterState INSTANCE = new NoClusterState();

  private NoClusterState() {}

  @Override
  public boolean isKnown() {
    return false;
  }

  @Override
  public Presence presence(String group, String kind, String namespace, String name) {
    return Presence.UNKNOWN;
  }

  @Override
  public List<JsonNode> list(String group, String kind, String namespace) {
    return List.of();
  }
}
