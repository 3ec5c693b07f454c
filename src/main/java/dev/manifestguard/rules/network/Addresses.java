package dev.manifestguard.rules.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.cluster.ClusterState;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.model.AddressPools;
import dev.manifestguard.model.AddressPools.Entry;
import dev.manifestguard.model.AddressPools.Role;
import dev.manifestguard.model.ClusterRanges;
import dev.manifestguard.model.ClusterRanges.Range;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The addresses of the object under review and the cluster's own ranges, each worked out once per
 * review and shared by the network rules.
 */
final class Addresses {
  private static final Object ENTRIES = new Object();
  private static final Object CLUSTER_RANGES = new Object();

  private Addresses() {}

  /** Every address, CIDR and range of the object under review. */
  static List<Entry> all(RuleContext ctx) {
    return ctx.memo(ENTRIES, () -> AddressPools.extract(ctx.object()));
  }

  /**
   * The entries whose value parsed, of the given roles (any role when none is given), in document
   * order.
   */
  static List<Entry> usable(RuleContext ctx, Role... roles) {
    List<Entry> all = all(ctx);
    if (all.isEmpty()) {
      // Most objects hold no address: no set, stream or list for them (every review asks).
      return List.of();
    }
    Set<Role> wanted = Set.of(roles);
    List<Entry> out = new ArrayList<>();
    for (Entry e : all) {
      if (e.ok() && (wanted.isEmpty() || wanted.contains(e.role()))) {
        out.add(e);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The cluster's pod, service and node ranges: the policy's {@code settings.cluster},
   * ServiceCIDRs, Nodes and the kubeadm-config ConfigMap, whichever are present.
   */
  static List<Range> clusterRanges(RuleContext ctx) {
    return ctx.memo(
        CLUSTER_RANGES,
        () -> {
          Policy.ClusterNetworks settings = ctx.settings().cluster();
          ClusterState cluster = ctx.cluster();
          List<JsonNode> objects = new ArrayList<>();
          if (cluster != null) {
            objects.addAll(cluster.list("networking.k8s.io", "ServiceCIDR", null));
            objects.addAll(cluster.list("", "Node", null));
            objects.addAll(cluster.list("", "ConfigMap", "kube-system"));
          }
          return settings == null
              ? ClusterRanges.collect(List.of(), List.of(), objects)
              : ClusterRanges.collect(settings.podCIDRs(), settings.serviceCIDRs(), objects);
        });
  }

  /**
   * The first of the cluster's pod and service ranges that {@code hit} accepts, or null when none
   * does.
   */
  static Range firstClusterRange(RuleContext ctx, Predicate<Range> hit) {
    for (Range r : clusterRanges(ctx)) {
      if (hit.test(r)) {
        return r;
      }
    }
    return null;
  }
}
