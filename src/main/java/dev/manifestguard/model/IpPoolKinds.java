package dev.manifestguard.model;

import java.util.List;

/**
 * The custom kinds that hold IP address pools: the one list the CIDR rules judge and compare, and
 * from which the cluster caches take the CRDs to watch ({@code WatchedKind.IP_POOL_CRDS}, where
 * those CRDs exist).
 */
public final class IpPoolKinds {
  private IpPoolKinds() {}

  /**
   * Pools of one system must be disjoint among themselves; its kind of pool says what else they
   * must avoid.
   */
  public enum PoolSystem {
    CALICO("Calico IP pools"),
    CILIUM_POD("Cilium pod IP pools"),
    CILIUM_LB("Cilium load-balancer IP pools"),
    METALLB("MetalLB address pools");

    private final String display;

    PoolSystem(String display) {
      this.display = display;
    }

    public String display() {
      return display;
    }
  }

  /** One served kind of pool. */
  public record PoolKind(
      String group,
      List<String> versions,
      String kind,
      String plural,
      boolean namespaced,
      PoolSystem system) {
    /** The name of the CustomResourceDefinition that serves it: {@code plural.group}. */
    public String crdName() {
      return plural + "." + group;
    }
  }

  public static final List<PoolKind> ALL =
      List.of(
          new PoolKind(
              "crd.projectcalico.org",
              List.of("v1"),
              "IPPool",
              "ippools",
              false,
              PoolSystem.CALICO),
          new PoolKind(
              "projectcalico.org", List.of("v3"), "IPPool", "ippools", false, PoolSystem.CALICO),
          new PoolKind(
              "cilium.io",
              List.of("v2alpha1", "v2"),
              "CiliumPodIPPool",
              "ciliumpodippools",
              false,
              PoolSystem.CILIUM_POD),
          new PoolKind(
              "cilium.io",
              List.of("v2alpha1", "v2"),
              "CiliumLoadBalancerIPPool",
              "ciliumloadbalancerippools",
              false,
              PoolSystem.CILIUM_LB),
          new PoolKind(
              "metallb.io",
              List.of("v1beta1"),
              "IPAddressPool",
              "ipaddresspools",
              true,
              PoolSystem.METALLB));

  /** The pool kind of an object's group and kind, or null. */
  public static PoolKind of(String group, String kind) {
    for (PoolKind k : ALL) {
      if (k.group().equals(group) && k.kind().equals(kind)) {
        return k;
      }
    }
    return null;
  }

  /** Every kind of pool of one system (Calico serves its pools under two API groups). */
  public static List<PoolKind> ofSystem(PoolSystem system) {
    return ALL.stream().filter(k -> k.system() == system).toList();
  }
}
