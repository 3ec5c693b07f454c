package dev.manifestguard.rules.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.cluster.ClusterState;
import dev.manifestguard.engine.RuleContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** CustomResourceDefinitions among the inputs or in the cluster, and what they define. */
final class CustomKinds {
  private CustomKinds() {}

  static final String CRD_GROUP = "apiextensions.k8s.io";

  /**
   * Groups of configuration files that look like objects but are read by tools, never sent to an
   * apiserver (kubeadm, kind, kustomize, component configs): not unknown kinds, and not
   * schema-checked here.
   */
  private static final Set<String> CONFIG_GROUPS =
      Set.of(
          "kubeadm.k8s.io",
          "kind.x-k8s.io",
          "kustomize.config.k8s.io",
          "kubelet.config.k8s.io",
          "kubeproxy.config.k8s.io",
          "apiserver.config.k8s.io",
          "kubescheduler.config.k8s.io",
          "kubecontrollermanager.config.k8s.io",
          "audit.k8s.io",
          "eventratelimit.admission.k8s.io",
          "pod-security.admission.config.k8s.io",
          "client.authentication.k8s.io",
          "config.k8s.io");

  static boolean isConfigGroup(String group) {
    return CONFIG_GROUPS.contains(group);
  }

  /**
   * The CRDs of a fixed cluster state by group and kind (the first of each, as the scan finds it),
   * and the kinds of each group in order: one scan per bundle instead of one per custom object.
   */
  private record GroupKind(String group, String kind) {}

  private record Index(Map<GroupKind, JsonNode> byGroupKind, Map<String, List<String>> kinds) {
    static final Object KEY = new Object();

    static Index of(ClusterState cluster) {
      Map<GroupKind, JsonNode> byGroupKind = new HashMap<>();
      Map<String, List<String>> kinds = new HashMap<>();
      for (JsonNode crd : cluster.list(CRD_GROUP, "CustomResourceDefinition", null)) {
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asText(null);
        if (group == null) {
          continue;
        }
        String kind = spec.path("names").path("kind").asText(null);
        if (kind != null) {
          byGroupKind.putIfAbsent(new GroupKind(group, kind), crd);
        }
        if (spec.path("names").path("kind").isTextual()) {
          kinds
              .computeIfAbsent(group, g -> new ArrayList<>())
              .add(spec.path("names").path("kind").textValue());
        }
      }
      return new Index(byGroupKind, kinds);
    }
  }

  /** The CRD defining this group and kind, or null. */
  static JsonNode find(RuleContext ctx, String group, String kind) {
    Index index = ctx.fromFixedCluster(Index.KEY, () -> Index.of(ctx.cluster()));
    return index != null
        ? index.byGroupKind().get(new GroupKind(group, kind))
        : find(ctx.cluster(), group, kind);
  }

  /** The kinds the known CRDs define in a group, for suggestions. */
  static List<String> kindsOf(RuleContext ctx, String group) {
    Index index = ctx.fromFixedCluster(Index.KEY, () -> Index.of(ctx.cluster()));
    return index != null
        ? List.copyOf(index.kinds().getOrDefault(group, List.of()))
        : kindsOf(ctx.cluster(), group);
  }

  /** The CRD defining this group and kind, or null. */
  static JsonNode find(ClusterState cluster, String group, String kind) {
    for (JsonNode crd : cluster.list(CRD_GROUP, "CustomResourceDefinition", null)) {
      JsonNode spec = crd.path("spec");
      if (group.equals(spec.path("group").asText(null))
          && kind.equals(spec.path("names").path("kind").asText(null))) {
        return crd;
      }
    }
    return null;
  }

  /** The kinds the known CRDs define in a group, for suggestions. */
  static List<String> kindsOf(ClusterState cluster, String group) {
    List<String> out = new ArrayList<>();
    for (JsonNode crd : cluster.list(CRD_GROUP, "CustomResourceDefinition", null)) {
      JsonNode spec = crd.path("spec");
      if (group.equals(spec.path("group").asText(null))
          && spec.path("names").path("kind").isTextual()) {
        out.add(spec.path("names").path("kind").textValue());
      }
    }
    return out;
  }

  /**
   * The version names a CRD defines (apiextensions.k8s.io/v1 {@code versions}, or v1beta1 {@code
   * version}).
   */
  static List<String> versions(JsonNode crd) {
    List<String> out = new ArrayList<>();
    JsonNode spec = crd.path("spec");
    for (JsonNode v : spec.path("versions")) {
      if (v.path("name").isTextual()) {
        out.add(v.path("name").textValue());
      }
    }
    if (spec.path("version").isTextual() && !out.contains(spec.path("version").textValue())) {
      out.add(spec.path("version").textValue());
    }
    return out;
  }

  /**
   * The openAPIV3Schema for one version: the version's own, else the v1beta1 top-level one; null
   * when none.
   */
  static JsonNode schema(JsonNode crd, String version) {
    JsonNode spec = crd.path("spec");
    for (JsonNode v : spec.path("versions")) {
      if (version.equals(v.path("name").asText(null))) {
        JsonNode s = v.path("schema").path("openAPIV3Schema");
        if (s.isObject()) {
          return s;
        }
      }
    }
    JsonNode s = spec.path("validation").path("openAPIV3Schema");
    return s.isObject() ? s : null;
  }

  /**
   * False when the CRD keeps unknown fields everywhere: {@code preserveUnknownFields: true}, which
   * is the default of apiextensions.k8s.io/v1beta1.
   */
  static boolean pruning(JsonNode crd) {
    JsonNode p = crd.path("spec").path("preserveUnknownFields");
    if (p.isBoolean()) {
      return !p.booleanValue();
    }
    return !crd.path("apiVersion").asText("").endsWith("/v1beta1");
  }

  static String versionOf(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
  }
}
