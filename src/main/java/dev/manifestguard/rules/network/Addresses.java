package dev.manifestguard.rules.network;

import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.model.AddressPools;
import dev.manifestguard.model.AddressPools.Entry;
import dev.manifestguard.model.AddressPools.Role;
import dev.manifestguard.model.ClusterRanges;
import dev.manifestguard.model.ClusterRanges.Range;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Lookups in the addresses of the object under review, shared by the network rules. */
final class Addresses {
  private Addresses() {}

  /** The entries whose value parsed, of the given roles (any role when none is given), in document order. */
  static List<Entry> usable(RuleContext ctx, Role... roles) {
    Set<Role> wanted = Set.of(roles);
    return AddressPools.of(ctx).stream()
        .filter(e -> e.ok() && (wanted.isEmpty() || wanted.contains(e.role())))
        .toList();
  }

  /** The first of the cluster's pod and service ranges that {@code hit} accepts, or null when none does. */
  static Range firstClusterRange(RuleContext ctx, Predicate<Range> hit) {
    for (Range r : ClusterRanges.of(ctx)) {
      if (hit.test(r)) {
        return r;
      }
    }
    return null;
  }
}
