package dev.manifestguard.rules.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.AddressPools;
import dev.manifestguard.model.AddressPools.Entry;
import dev.manifestguard.model.AddressPools.Role;
import dev.manifestguard.model.Cidrs;
import dev.manifestguard.model.ClusterRanges;
import dev.manifestguard.model.ClusterRanges.Range;
import dev.manifestguard.model.IpPoolKinds;
import dev.manifestguard.model.IpPoolKinds.PoolKind;
import dev.manifestguard.model.Manifest;
import dev.manifestguard.model.ObjectRef;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Address pools that must be disjoint but overlap. Which must be disjoint:
 *
 * <ul>
 *   <li>pools of one system among themselves (Calico IPPools of both API groups, Cilium pod pools,
 *       Cilium load-balancer pools, MetalLB address pools), including the ranges of a single pool;
 *   <li>load-balancer pools (MetalLB, Cilium LB, Calico pools for {@code LoadBalancer} use) against
 *       the cluster's pod, service and node ranges;
 *   <li>pod pools (Calico, Cilium pod pools) against the service range only: a pod pool usually is
 *       the cluster's pod CIDR, and Nodes' podCIDRs are carved from it;
 *   <li>the pod and service ranges of one cluster definition (Cluster API, kubeadm, kind).
 * </ul>
 *
 * An object is never compared with itself (same kind, namespace and name), so an UPDATE does not
 * collide with its stored version.
 */
public final class CidrOverlapRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "cidr-overlap",
          Category.NETWORK,
          Action.DENY,
          NetworkKinds.POOLS_AND_CLUSTERS,
          "Two address pools that must be disjoint but overlap: pools of one system, a pool against the cluster's pod, "
              + "service or node CIDRs, or the pod and service ranges of one cluster definition.",
          "Give each pool its own range, outside the cluster's pod and service CIDRs.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    PoolKind pool = IpPoolKinds.of(ctx.group(), ctx.kind());
    if (pool == null) {
      clusterDefinition(ctx, out);
      return;
    }
    List<Entry> mine = Addresses.usable(ctx, Role.POOL);
    if (mine.isEmpty()) {
      return;
    }
    withinPool(ctx, mine, out);
    againstOtherPools(ctx, pool, mine, out);
    againstCluster(ctx, mine, out);
  }

  private static void withinPool(RuleContext ctx, List<Entry> mine, Findings out) {
    // Comparing every pair is quadratic: a 3 MiB pool of 100,000 disjoint /32s would take minutes.
    // A sorted sweep
    // finds the entries that overlap anything at all; only those are compared pairwise, in list
    // order.
    boolean[] overlapping = overlappingAny(mine);
    for (int j = 1; j < mine.size(); j++) {
      if (!overlapping[j]) {
        continue;
      }
      for (int i = 0; i < j; i++) {
        if (overlapping[i] && Cidrs.overlaps(mine.get(i).value(), mine.get(j).value())) {
          out.add(
              mine.get(j).path(),
              mine.get(j).value().text()
                  + " overlaps "
                  + mine.get(i).value().text()
                  + ", listed before it in this "
                  + ctx.kind()
                  + "; list each range once.");
          break;
        }
      }
    }
  }

  /**
   * For each entry, whether some other entry of the same family overlaps it: sort by first address,
   * sweep once.
   */
  private static boolean[] overlappingAny(List<Entry> entries) {
    boolean[] out = new boolean[entries.size()];
    Integer[] order = new Integer[entries.size()];
    BigInteger[] lower = new BigInteger[entries.size()];
    BigInteger[] upper = new BigInteger[entries.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      lower[i] = entries.get(i).value().range().getLower().getValue();
      upper[i] = entries.get(i).value().range().getUpper().getValue();
    }
    for (boolean v4 : new boolean[] {true, false}) {
      Integer[] family =
          Arrays.stream(order)
              .filter(i -> entries.get(i).value().ipv4() == v4)
              .sorted(Comparator.comparing((Integer i) -> lower[i]))
              .toArray(Integer[]::new);
      BigInteger reach = null; // the highest address covered by the entries sorted before this one
      for (int k = 0; k < family.length; k++) {
        int e = family[k];
        // overlapped by one sorted before it, or by the next one (if any later one starts inside
        // it, the next does)
        out[e] =
            (reach != null && reach.compareTo(lower[e]) >= 0)
                || (k + 1 < family.length && lower[family[k + 1]].compareTo(upper[e]) <= 0);
        reach = reach == null || upper[e].compareTo(reach) > 0 ? upper[e] : reach;
      }
    }
    return out;
  }

  private static void againstOtherPools(
      RuleContext ctx, PoolKind pool, List<Entry> mine, Findings out) {
    ObjectRef self = ctx.ref();
    Set<String> seen = new HashSet<>();
    for (PoolKind kind : IpPoolKinds.ofSystem(pool.system())) {
      for (JsonNode other : ctx.cluster().list(kind.group(), kind.kind(), null)) {
        ObjectRef ref = Manifest.of(other, null).ref();
        if (ClusterRanges.sameObject(self, ref)
            || !seen.add(ref.kind() + "/" + ref.namespace() + "/" + ref.name())) {
          continue;
        }
        List<Entry> theirs = AddressPools.extract(other);
        for (Entry e : mine) {
          for (Entry t : theirs) {
            if (t.role() == Role.POOL && t.ok() && Cidrs.overlaps(e.value(), t.value())) {
              out.add(
                  e.path(),
                  e.value().text()
                      + " overlaps "
                      + t.value().text()
                      + " of "
                      + ref.display()
                      + "; give each pool its own range.");
              break;
            }
          }
        }
      }
    }
  }

  private static void againstCluster(RuleContext ctx, List<Entry> mine, Findings out) {
    List<Range> ranges = Addresses.clusterRanges(ctx);
    if (ranges.isEmpty()) {
      return;
    }
    for (Entry e : mine) {
      Set<ClusterRanges.Type> reported = new HashSet<>();
      for (Range r : ranges) {
        boolean relevant = e.loadBalancer() || r.type() == ClusterRanges.Type.SERVICE;
        if (!relevant
            || reported.contains(r.type())
            || ClusterRanges.sameObject(ctx.ref(), r.owner())
            || !Cidrs.overlaps(e.value(), r.value())) {
          continue;
        }
        reported.add(r.type());
        String what =
            e.loadBalancer()
                ? "load-balancer addresses must lie outside the cluster's pod and service ranges."
                : "pod addresses must lie outside the service range.";
        out.add(
            e.path(),
            e.value().text()
                + " overlaps the "
                + r.type().display()
                + " "
                + r.value().text()
                + " of "
                + r.source()
                + "; "
                + what);
      }
    }
  }

  private static void clusterDefinition(RuleContext ctx, Findings out) {
    List<Entry> services = Addresses.usable(ctx, Role.CLUSTER_SERVICE);
    for (Entry p : Addresses.usable(ctx, Role.CLUSTER_POD)) {
      for (Entry s : services) {
        if (Cidrs.overlaps(p.value(), s.value())) {
          out.add(
              p.path(),
              "pod range "
                  + p.value().text()
                  + " overlaps service range "
                  + s.value().text()
                  + " of this "
                  + ctx.kind()
                  + "; give pods and services disjoint ranges.");
        }
      }
    }
  }
}
