package dev.manifestguard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A read-only view of what exists in the cluster. Three sources implement it: the webhook's
 * informer cache, the CLI's manifests and cluster-state files, and nothing at all.
 */
public interface ClusterState {

  /** Whether a lookup found the object, found it absent, or could not tell. */
  enum Presence {
    PRESENT,
    ABSENT,
    UNKNOWN
  }

  /** False when there is no source of cluster truth: reference rules then stay silent or warn. */
  boolean isKnown();

  /**
   * Looks an object up by group, kind, namespace ("" for cluster-scoped) and name. A miss in a
   * cache is confirmed against the live cluster before it is reported ABSENT.
   */
  Presence presence(String group, String kind, String namespace, String name);

  /** All known objects of a kind, in a namespace or everywhere (namespace null). */
  List<JsonNode> list(String group, String kind, String namespace);

  /**
   * Objects of custom kinds that carry a pod template ({@code spec.template.spec.containers}: Argo
   * Rollouts, OpenKruise CloneSets...) in a namespace, where the source can tell: the manifests of
   * a bundle. Caches do not keep them (their Pods stand for them), so by default none.
   */
  default List<JsonNode> customPodTemplates(String namespace) {
    return List.of();
  }
}
