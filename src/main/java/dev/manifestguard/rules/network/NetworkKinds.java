package dev.manifestguard.rules.network;

import dev.manifestguard.model.IpPoolKinds;
import dev.manifestguard.model.IpPoolKinds.PoolKind;
import java.util.List;
import java.util.stream.Stream;

/** The kinds the CIDR rules read, for their documentation. */
final class NetworkKinds {
  private NetworkKinds() {}

  /**
   * IP pools, and the cluster definitions (Cluster API, kind, kubeadm) that carry pod and service
   * ranges.
   */
  static final List<String> POOLS_AND_CLUSTERS =
      Stream.concat(
              IpPoolKinds.ALL.stream().map(PoolKind::kind).distinct(),
              Stream.of("Cluster", "ClusterConfiguration", "ConfigMap"))
          .toList();

  /** Every kind with an address, CIDR or range in it. */
  static final List<String> CIDR_BEARING =
      Stream.concat(
              Stream.of("NetworkPolicy", "Service", "Node", "ServiceCIDR"),
              POOLS_AND_CLUSTERS.stream())
          .toList();
}
