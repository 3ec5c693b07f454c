package dev.manifestguard.model;

import java.util.Set;

/** Facts about built-in kinds that the engine needs without a cluster. */
public final class Kinds {
  private Kinds() {}

  private static final Set<String> CLUSTER_SCOPED_BUILT_IN =
      Set.of(
          "Namespace",
          "Node",
          "PersistentVolume",
          "ClusterRole",
          "ClusterRoleBinding",
          "StorageClass",
          "CSIDriver",
          "CSINode",
          "VolumeAttachment",
          "CustomResourceDefinition",
          "APIService",
          "ValidatingWebhookConfiguration",
          "MutatingWebhookConfiguration",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding",
          "PriorityClass",
          "RuntimeClass",
          "IngressClass",
          "CertificateSigningRequest",
          "ServiceCIDR",
          "IPAddress",
          "FlowSchema",
          "PriorityLevelConfiguration",
          "ComponentStatus",
          "DeviceClass");

  /** Well-known cluster-scoped custom kinds, keyed by group/kind. */
  private static final Set<String> CLUSTER_SCOPED_CUSTOM =
      Set.of(
          "crd.projectcalico.org/IPPool",
          "projectcalico.org/IPPool",
          "cilium.io/CiliumPodIPPool",
          "cilium.io/CiliumLoadBalancerIPPool",
          "cert-manager.io/ClusterIssuer");

  private static final Set<String> BUILT_IN_GROUPS =
      Set.of(
          "",
          "apps",
          "batch",
          "autoscaling",
          "policy",
          "networking.k8s.io",
          "rbac.authorization.k8s.io",
          "storage.k8s.io",
          "apiextensions.k8s.io",
          "apiregistration.k8s.io",
          "admissionregistration.k8s.io",
          "scheduling.k8s.io",
          "node.k8s.io",
          "certificates.k8s.io",
          "coordination.k8s.io",
          "discovery.k8s.io",
          "events.k8s.io",
          "flowcontrol.apiserver.k8s.io",
          "resource.k8s.io",
          "authentication.k8s.io",
          "authorization.k8s.io",
          "internal.apiserver.k8s.io",
          "storagemigration.k8s.io");

  public static String groupOf(String apiVersion) {
    if (apiVersion == null) {
      return "";
    }
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** True for kinds served by the kube-apiserver itself (by API group). */
  public static boolean isBuiltInGroup(String apiVersion) {
    return BUILT_IN_GROUPS.contains(groupOf(apiVersion));
  }

  public static boolean isClusterScoped(String apiVersion, String kind) {
    if (kind == null) {
      return false;
    }
    String group = groupOf(apiVersion);
    if (BUILT_IN_GROUPS.contains(group)) {
      return CLUSTER_SCOPED_BUILT_IN.contains(kind);
    }
    return CLUSTER_SCOPED_CUSTOM.contains(group + "/" + kind);
  }
}
