package dev.manifestguard.cluster;

import dev.manifestguard.model.IpPoolKinds;
import dev.manifestguard.model.IpPoolKinds.PoolKind;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.stream.Stream;

/**
 * A kind the reference rules look up, and how much of each object the cache keeps.
 *
 * @param shape {@link Shape#NAMES}: only namespace and name (ConfigMaps, Secrets, PVCs: the rules
 *     only ask whether they exist, and a Secret's data must never sit in our heap); {@link
 *     Shape#OBJECT}: the object without managedFields and last-applied annotation; {@link
 *     Shape#NODE}: a Node's name and pod CIDRs only; {@link Shape#WORKLOAD} and {@link
 *     Shape#SERVICE}: what the bundle rules match on
 */
public record WatchedKind(
    String group, String version, String kind, String plural, boolean namespaced, Shape shape) {

  /** How much of an object is kept. */
  public enum Shape {
    NAMES,
    OBJECT,
    NODE,
    /**
     * A workload or Pod: name, namespace, labels, {@code spec.replicas}, and of its pod template
     * the labels and, per container, its name, port names and numbers and which resources it
     * requests or limits (the selector, HPA and PDB rules need no more).
     */
    WORKLOAD,
    /** A Service: name, namespace, type, selector and ports. */
    SERVICE
  }

  /**
   * The kinds every reference rule may ask about (IP pool CRDs come and go and are added at
   * runtime).
   */
  public static final List<WatchedKind> CORE =
      List.of(
          new WatchedKind("", "v1", "ServiceAccount", "serviceaccounts", true, Shape.OBJECT),
          new WatchedKind("", "v1", "ConfigMap", "configmaps", true, Shape.NAMES),
          new WatchedKind("", "v1", "Secret", "secrets", true, Shape.NAMES),
          new WatchedKind(
              "", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, Shape.NAMES),
          new WatchedKind("", "v1", "LimitRange", "limitranges", true, Shape.OBJECT),
          new WatchedKind("", "v1", "Namespace", "namespaces", false, Shape.OBJECT),
          new WatchedKind("", "v1", "Node", "nodes", false, Shape.NODE),
          new WatchedKind("rbac.authorization.k8s.io", "v1", "Role", "roles", true, Shape.OBJECT),
          new WatchedKind(
              "rbac.authorization.k8s.io",
              "v1",
              "ClusterRole",
              "clusterroles",
              false,
              Shape.OBJECT),
          new WatchedKind(
              "rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, Shape.OBJECT),
          new WatchedKind(
              "rbac.authorization.k8s.io",
              "v1",
              "ClusterRoleBinding",
              "clusterrolebindings",
              false,
              Shape.OBJECT),
          new WatchedKind(
              "storage.k8s.io", "v1", "StorageClass", "storageclasses", false, Shape.OBJECT),
          new WatchedKind("", "v1", "Service", "services", true, Shape.SERVICE),
          new WatchedKind("", "v1", "Pod", "pods", true, Shape.WORKLOAD),
          new WatchedKind(
              "", "v1", "ReplicationController", "replicationcontrollers", true, Shape.WORKLOAD),
          new WatchedKind("apps", "v1", "Deployment", "deployments", true, Shape.WORKLOAD),
          new WatchedKind("apps", "v1", "StatefulSet", "statefulsets", true, Shape.WORKLOAD),
          new WatchedKind("apps", "v1", "DaemonSet", "daemonsets", true, Shape.WORKLOAD),
          new WatchedKind("apps", "v1", "ReplicaSet", "replicasets", true, Shape.WORKLOAD),
          new WatchedKind("batch", "v1", "Job", "jobs", true, Shape.WORKLOAD),
          new WatchedKind("batch", "v1", "CronJob", "cronjobs", true, Shape.WORKLOAD));

  /**
   * ServiceCIDR: GA in networking.k8s.io/v1 since Kubernetes 1.33, v1beta1 before; watched only if
   * served.
   */
  public static final List<WatchedKind> SERVICE_CIDR =
      List.of(
          new WatchedKind(
              "networking.k8s.io", "v1", "ServiceCIDR", "servicecidrs", false, Shape.OBJECT),
          new WatchedKind(
              "networking.k8s.io", "v1beta1", "ServiceCIDR", "servicecidrs", false, Shape.OBJECT));

  public static final WatchedKind CRD =
      new WatchedKind(
          "apiextensions.k8s.io",
          "v1",
          "CustomResourceDefinition",
          "customresourcedefinitions",
          false,
          Shape.NAMES);

  /** Cluster API's Cluster, whose pod and service ranges the CIDR rules read. */
  static final String CLUSTER_API_CLUSTERS = "clusters.cluster.x-k8s.io";

  /**
   * The CRDs (by name) to watch where the cluster has them: every kind of IP pool, and Cluster
   * API's Cluster.
   */
  public static final List<String> IP_POOL_CRDS =
      Stream.concat(
              IpPoolKinds.ALL.stream().map(PoolKind::crdName), Stream.of(CLUSTER_API_CLUSTERS))
          .toList();

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The lookup key of {@link ClusterState}: group and kind, without version. */
  public String key() {
    return group + "/" + kind;
  }

  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }

  /**
   * The kind described by a CustomResourceDefinition (its storage version), or null if it is
   * malformed.
   */
  public static WatchedKind fromCrd(com.fasterxml.jackson.databind.JsonNode crd) {
    var spec = crd.path("spec");
    String group = spec.path("group").asText("");
    String kind = spec.path("names").path("kind").asText("");
    String plural = spec.path("names").path("plural").asText("");
    String version = null;
    for (var v : spec.path("versions")) {
      if (v.path("storage").asBoolean(false)
          || (version == null && v.path("served").asBoolean(false))) {
        version = v.path("name").asText(null);
      }
    }
    if (group.isEmpty() || kind.isEmpty() || plural.isEmpty() || version == null) {
      return null;
    }
    return new WatchedKind(
        group,
        version,
        kind,
        plural,
        "Namespaced".equals(spec.path("scope").asText("")),
        Shape.OBJECT);
  }
}
