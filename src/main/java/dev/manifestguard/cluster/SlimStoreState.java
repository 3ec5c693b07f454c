package dev.manifestguard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** A cluster state kept in slim stores, one per kind, keyed by {@link WatchedKind#key()}. */
abstract class SlimStoreState implements ClusterState {
  final Map<String, SlimStore> stores;

  SlimStoreState(Map<String, SlimStore> stores) {
    this.stores = stores;
  }

  /**
   * What it means that the store of a kind does not hold an object: absent, or ask the live
   * cluster.
   */
  abstract Presence notInStore(WatchedKind kind, String namespace, String name);

  /** The store of a kind, or null when that kind is not kept. */
  final SlimStore store(String group, String kind) {
    return stores.get(group + "/" + kind);
  }

  @Override
  public final boolean isKnown() {
    return true;
  }

  @Override
  public final Presence presence(String group, String kind, String namespace, String name) {
    SlimStore store = store(group, kind);
    if (store == null) {
      return Presence.UNKNOWN; // a kind we do not keep
    }
    if (store.contains(store.kind().namespaced() ? namespace : "", name)) {
      return Presence.PRESENT;
    }
    return notInStore(store.kind(), namespace, name);
  }

  @Override
  public final List<JsonNode> list(String group, String kind, String namespace) {
    SlimStore store = store(group, kind);
    return store == null ? List.of() : store.list(namespace);
  }
}
