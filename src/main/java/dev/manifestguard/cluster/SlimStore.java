package dev.manifestguard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An informer's item store that keeps only what the rules read: for {@link WatchedKind.Shape#NAMES}
 * kinds the {@code namespace/name} key and nothing else, otherwise a trimmed JSON tree (no
 * managedFields, no last-applied annotation), built once on arrival so that rules list JSON without
 * converting on every request.
 */
public final class SlimStore implements ItemStore<GenericKubernetesResource> {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Value of a key whose object is not kept. */
  private static final JsonNode NAME_ONLY = JSON.nullNode();

  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  /** The one ConfigMap whose data the CIDR rules read (kubeadm's ClusterConfiguration). */
  private static final String KUBEADM_CONFIG = "kube-system/kubeadm-config";

  private final WatchedKind kind;
  private final Map<String, Object> items = new ConcurrentHashMap<>();

  /**
   * The same entries by namespace ("" for cluster-scoped keys), so that {@link #list(String)} in
   * one namespace costs what is in that namespace: rules list per pod spec (bindings, service
   * accounts), per review.
   */
  private final Map<String, Map<String, Object>> byNamespace = new ConcurrentHashMap<>();

  /**
   * A slim object kept as its JSON bytes ({@link WatchedKind.Shape#WORKLOAD} and {@link
   * WatchedKind.Shape#SERVICE}): a few hundred bytes instead of a tree of maps several times that
   * size, for kinds a cluster has by the thousand (Pods). Read back on each list.
   */
  record Packed(byte[] json) {}

  public SlimStore(WatchedKind kind) {
    this.kind = kind;
  }

  public WatchedKind kind() {
    return kind;
  }

  @Override
  public String getKey(GenericKubernetesResource obj) {
    return Cache.metaNamespaceKeyFunc(obj);
  }

  @Override
  public GenericKubernetesResource put(String key, GenericKubernetesResource obj) {
    Object node = slim(key, obj);
    Object previous = items.put(key, node);
    byNamespace.compute(
        namespaceOf(key),
        (ns, m) -> {
          Map<String, Object> in = m == null ? new ConcurrentHashMap<>() : m;
          in.put(key, node);
          return in;
        });
    return previous == null ? null : toResource(key, previous);
  }

  @Override
  public GenericKubernetesResource remove(String key) {
    Object previous = items.remove(key);
    unindex(key);
    return previous == null ? null : toResource(key, previous);
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<GenericKubernetesResource> values() {
    return items.entrySet().stream().map(e -> toResource(e.getKey(), e.getValue()));
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public GenericKubernetesResource get(String key) {
    Object node = items.get(key);
    return node == null ? null : toResource(key, node);
  }

  /**
   * The bytes a packed entry holds (0 when the entry is not packed or absent), for measurements.
   */
  int packedSize(String key) {
    return items.get(key) instanceof Packed p ? p.json().length : 0;
  }

  /** Whether an object exists, by namespace ("" when cluster-scoped) and name. */
  public boolean contains(String namespace, String name) {
    return items.containsKey(key(namespace, name));
  }

  /** Forgets an object, as if the informer had not seen it yet. */
  void evict(String namespace, String name) {
    String key = key(namespace, name);
    items.remove(key);
    unindex(key);
  }

  /**
   * The kept objects, in one namespace or all (namespace null); name-only kinds as
   * apiVersion/kind/metadata.
   */
  public List<JsonNode> list(String namespace) {
    List<JsonNode> out = new ArrayList<>();
    String prefix = namespace == null || !kind.namespaced() ? null : namespace + "/";
    Map<String, Object> in = prefix == null ? items : byNamespace.getOrDefault(namespace, Map.of());
    for (Map.Entry<String, Object> e : in.entrySet()) {
      if (prefix == null || e.getKey().startsWith(prefix)) {
        out.add(json(e.getKey(), e.getValue()));
      }
    }
    return out;
  }

  /** The JSON of a kept value. */
  private JsonNode json(String key, Object value) {
    if (value == NAME_ONLY) {
      return skeleton(key);
    }
    if (value instanceof Packed p) {
      try {
        return Serialization.jsonMapper().readTree(p.json());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e); // our own bytes: cannot happen
      }
    }
    return (JsonNode) value;
  }

  private Object slim(String key, GenericKubernetesResource obj) {
    if (kind.shape() == WatchedKind.Shape.NAMES
        && !(kind.kind().equals("ConfigMap") && key.equals(KUBEADM_CONFIG))) {
      return NAME_ONLY;
    }
    ObjectNode tree = Serialization.jsonMapper().valueToTree(obj);
    tree.put("apiVersion", kind.apiVersion());
    tree.put("kind", kind.kind());
    if (tree.path("metadata") instanceof ObjectNode meta) {
      // The rules read names, namespaces, labels and annotations; the rest of metadata is
      // bookkeeping.
      meta.remove(
          List.of(
              "managedFields",
              "uid",
              "creationTimestamp",
              "generation",
              "ownerReferences",
              "selfLink"));
      if (meta.path("annotations") instanceof ObjectNode annotations) {
        annotations.remove(LAST_APPLIED);
      }
    }
    if (kind.shape() == WatchedKind.Shape.WORKLOAD) {
      return pack(BundleShapes.workload(skeleton(key), tree));
    }
    if (kind.shape() == WatchedKind.Shape.SERVICE) {
      return pack(BundleShapes.service(skeleton(key), tree));
    }
    if (kind.shape() == WatchedKind.Shape.NODE) {
      ObjectNode node = skeleton(key);
      ObjectNode spec = node.putObject("spec");
      JsonNode src = tree.path("spec");
      if (src.has("podCIDR")) {
        spec.set("podCIDR", src.get("podCIDR"));
      }
      if (src.has("podCIDRs")) {
        spec.set("podCIDRs", src.get("podCIDRs"));
      }
      return node;
    }
    tree.remove("status");
    return tree;
  }

  private static Packed pack(JsonNode node) {
    try {
      return new Packed(Serialization.jsonMapper().writeValueAsBytes(node));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e); // a tree of plain values always serializes
    }
  }

  private ObjectNode skeleton(String key) {
    ObjectNode node = JSON.objectNode();
    node.put("apiVersion", kind.apiVersion());
    node.put("kind", kind.kind());
    ObjectNode meta = node.putObject("metadata");
    int slash = key.indexOf('/');
    if (slash >= 0) {
      meta.put("namespace", key.substring(0, slash));
    }
    meta.put("name", key.substring(slash + 1));
    return node;
  }

  private GenericKubernetesResource toResource(String key, Object node) {
    if (node == NAME_ONLY) {
      GenericKubernetesResource r = new GenericKubernetesResource();
      r.setApiVersion(kind.apiVersion());
      r.setKind(kind.kind());
      ObjectMeta meta = new ObjectMeta();
      int slash = key.indexOf('/');
      if (slash >= 0) {
        meta.setNamespace(key.substring(0, slash));
      }
      meta.setName(key.substring(slash + 1));
      r.setMetadata(meta);
      return r;
    }
    return Serialization.jsonMapper()
        .convertValue(json(key, node), GenericKubernetesResource.class);
  }

  private void unindex(String key) {
    byNamespace.computeIfPresent(
        namespaceOf(key),
        (ns, m) -> {
          m.remove(key);
          return m.isEmpty() ? null : m;
        });
  }

  /** The namespace part of a {@code namespace/name} key, "" for a cluster-scoped one. */
  private static String namespaceOf(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  static String key(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
