package dev.manifestguard.rules.network;

import java.util.List;

/** The kinds the CIDR rules read, for their documentation. */
final class NetworkKinds {
  private NetworkKinds() {}

  static final List<String> CIDR_BEARING =
      List.of(
          "NetworkPolicy",
          "Service",
          "Node",
          "ServiceCIDR",
          "IPPool",
          "CiliumPodIPPool",
          "CiliumLoadBalancerIPPool",
          "IPAddressPool",
          "Cluster",
          "ClusterConfiguration",
          "ConfigMap");

  static final List<String> POOLS_AND_CLUSTERS =
      List.of(
          "IPPool",
          "CiliumPodIPPool",
          "CiliumLoadBalancerIPPool",
          "IPAddressPool",
          "Cluster",
          "ClusterConfiguration",
          "ConfigMap");
}
