package dev.manifestguard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.model.Kinds;
import dev.manifestguard.model.Manifest;
import dev.manifestguard.model.ObjectRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cluster state described by manifests: the CLI's inputs plus its {@code --cluster-state} files. A
 * name not among them is unknown (the cluster might have it) unless the view is strict, or backed
 * by a live cluster.
 */
public final class ManifestClusterState implements ClusterState {
  private final Map<String, JsonNode> byKey = new HashMap<>();

  /** Every object of a kind, in input order. */
  private final Map<String, List<JsonNode>> byKind = new HashMap<>();

  /**
   * Objects of a kind by their metadata.namespace as written ("" when unset), each with its input
   * position: a rule that lists per pod spec (bindings, service accounts) must cost what the answer
   * costs, not the whole bundle (quadratic on 20k objects otherwise).
   */
  private final Map<String, Map<String, List<Indexed>>> byKindNamespace = new HashMap<>();

  private record Indexed(int position, JsonNode object) {}

  /** Custom-kind objects with a pod template, by metadata.namespace as written ("" when unset). */
  private final Map<String, List<JsonNode>> customTemplates = new HashMap<>();

  private final boolean strict;
  private final ClusterState fallback;

  /**
   * @param strict a name not found is ABSENT rather than UNKNOWN ({@code --strict-references})
   * @param fallback consulted on a miss (a live cluster read once), or null
   */
  public ManifestClusterState(
      Collection<Manifest> manifests, boolean strict, ClusterState fallback) {
    this.strict = strict;
    this.fallback = fallback;
    for (Manifest m : manifests) {
      ObjectRef r = m.ref();
      if (r.kind() == null || r.kind().isEmpty()) {
        continue;
      }
      byKey.put(key(r.group(), r.kind(), r.namespace(), r.name()), m.object());
      List<JsonNode> all =
          byKind.computeIfAbsent(kindKey(r.group(), r.kind()), k -> new ArrayList<>());
      String ns = m.object().path("metadata").path("namespace").asText("");
      byKindNamespace
          .computeIfAbsent(kindKey(r.group(), r.kind()), k -> new HashMap<>())
          .computeIfAbsent(ns, k -> new ArrayList<>())
          .add(new Indexed(all.size(), m.object()));
      all.add(m.object());
      if (!Kinds.isBuiltInGroup(r.apiVersion())
          && m.object().path("spec").path("template").path("spec").path("containers").isArray()) {
        customTemplates.computeIfAbsent(ns, k -> new ArrayList<>()).add(m.object());
      }
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
  public List<JsonNode> customPodTemplates(String namespace) {
    List<JsonNode> out = new ArrayList<>(customTemplates.getOrDefault(namespace, List.of()));
    if ("default".equals(namespace)) {
      out.addAll(customTemplates.getOrDefault("", List.of()));
    }
    return out;
  }

  @Override
  public List<JsonNode> list(String group, String kind, String namespace) {
    List<JsonNode> local = local(group, kind, namespace);
    if (fallback == null || !fallback.isKnown()) {
      return local;
    }
    List<JsonNode> out = new ArrayList<>(local);
    out.addAll(fallback.list(group, kind, namespace));
    return out;
  }

  /**
   * The manifests' own objects of a kind in a namespace (all namespaces when null), in input order.
   * An object with no namespace counts as being in "default", as kubectl would create it there.
   */
  private List<JsonNode> local(String group, String kind, String namespace) {
    String k = kindKey(group, kind);
    if (namespace == null) {
      return Collections.unmodifiableList(byKind.getOrDefault(k, List.of()));
    }
    Map<String, List<Indexed>> byNs = byKindNamespace.getOrDefault(k, Map.of());
    List<Indexed> exact = byNs.getOrDefault(namespace, List.of());
    List<Indexed> unset =
        namespace.equals("default") ? byNs.getOrDefault("", List.of()) : List.of();
    List<JsonNode> out = new ArrayList<>(exact.size() + unset.size());
    int i = 0;
    int j = 0;
    while (i < exact.size() || j < unset.size()) {
      boolean takeExact =
          j >= unset.size()
              || (i < exact.size() && exact.get(i).position() < unset.get(j).position());
      out.add(takeExact ? exact.get(i++).object() : unset.get(j++).object());
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
