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
 * An external or load-balancer address inside the cluster's own ranges collides with pods or
 * ClusterIPs.
 */
public final class ServiceIpInClusterRangeRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "service-ip-in-cluster-range",
          Category.NETWORK,
          Action.WARN,
          List.of("Service"),
          "A Service externalIPs or loadBalancerIP inside the pod or service CIDR.",
          "Use an address outside the cluster's pod and service ranges.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (Entry e : Addresses.usable(ctx, Role.EXTERNAL_IP, Role.LOAD_BALANCER_IP)) {
      Range r = Addresses.firstClusterRange(ctx, range -> Cidrs.contains(range.value(), e.value()));
      if (r != null) {
        out.add(
            e.path(),
            e.value().text()
                + " is inside the "
                + r.type().display()
                + " "
                + r.value().text()
                + " of "
                + r.source()
                + "; use an address outside the cluster's pod and service ranges.");
      }
    }
  }
}
