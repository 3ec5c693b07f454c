package dev.manifestguard.rules.network;

import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.AddressPools.Entry;
import dev.manifestguard.model.AddressPools.Role;
import dev.manifestguard.model.Cidrs;
import dev.manifestguard.model.ClusterRanges.Range;
import java.util.List;

/**
 * An ipBlock that reaches pod addresses (after its except entries): pod IPs are reassigned, so the
 * policy drifts. A {@code /0} block is left alone: it means "anywhere", not "these pods".
 */
public final class NetworkpolicyIpblockPodRangeRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "networkpolicy-ipblock-pod-range",
          Category.NETWORK,
          Action.WARN,
          List.of("NetworkPolicy"),
          "An ipBlock that covers pod IPs: use a podSelector, pod IPs are not stable.",
          "Select pods with podSelector or namespaceSelector, or except the pod CIDR from the ipBlock.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (Entry block : Addresses.usable(ctx, Role.IPBLOCK)) {
      if (block.value().world()) {
        continue;
      }
      List<Cidrs.Value> except =
          Addresses.usable(ctx, Role.IPBLOCK_EXCEPT).stream()
              .filter(e -> e.block() == block)
              .map(Entry::value)
              .toList();
      Range r =
          Addresses.firstClusterRange(
              ctx,
              range ->
                  range.pods() && Cidrs.reachesAfterExcept(block.value(), range.value(), except));
      if (r != null) {
        out.add(
            block.path(),
            "ipBlock "
                + block.value().text()
                + " covers pod addresses of the "
                + r.type().display()
                + " "
                + r.value().text()
                + " of "
                + r.source()
                + "; pod IPs change, select the pods with podSelector or namespaceSelector instead.");
      }
    }
  }
}
