package dev.manifestguard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.model.Manifest;
import dev.manifestguard.model.ObjectRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cluster state described by manifests: the CLI's inputs plus its {@code --cluster-state} files. A name not among
 * them is unknown (the cluster might have it) unless the view is strict, or backed by a live cluster.
 */
public final class ManifestClusterState implements ClusterState {
  private final Map<String, JsonNode> byKey = new HashMap<>();
  private final Map<String, List<JsonNode>> byKind = new HashMap<>();
  private final boolean strict;
  private final ClusterState fallback;

  /**
   * @param strict a name not found is ABSENT rather than UNKNOWN ({@code --strict-references})
   * @param fallback consulted on a miss (a live cluster read once), or null
   */
  public ManifestClusterState(Collection<Manifest> manifests, boolean strict, ClusterState fallback) {
    this.strict = strict;
    this.fallback = fallback;
    for (Manifest m : manifests) {
      ObjectRef r = m.ref();
      if (r.kind() == null || r.kind().isEmpty()) {
        continue;
      }
      byKey.put(key(r.group(), r.kind(), r.namespace(), r.name()), m.object());
      byKind.computeIfAbsent(kindKey(r.group(), r.kind()), k -> new ArrayList<>()).add(m.object());
    }
  }

  @Override
  public boolean isKnown() {
    return strict || (fallback != null && fallback.isKnown());
  }

  @Override
  public Presence presence(String group, String kind, String namespace, String name) {
    if (byKey.containsKey(key(group, kind, namespace, name))) {
      return Presence.PRESENT;
    }
    if (fallback != null && fallback.isKnown()) {
      return fallback.presence(group, kind, namespace, name);
    }
    return strict ? Presence.ABSENT : Presence.UNKNOWN;
  }

  @Override
  public List<JsonNode> list(String group, String kind, String namespace) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode o : byKind.getOrDefault(kindKey(group, kind), List.of())) {
      String ns = o.path("metadata").path("namespace").asText("");
      if (namespace == null || namespace.equals(ns) || (ns.isEmpty() && namespace.equals("default"))) {
        out.add(o);
      }
    }
    if (fallback != null && fallback.isKnown()) {
      out.addAll(fallback.list(group, kind, namespace));
    }
    return out;
  }

  private static String kindKey(String group, String kind) {
    return group + "/" + kind;
  }

  private static String key(String group, String kind, String namespace, String name) {
    return group + "/" + kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
  }
}
