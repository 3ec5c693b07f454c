package dev.manifestguard.rules.network;

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
import java.util.List;

/** An external or load-balancer address inside the cluster's own ranges collides with pods or ClusterIPs. */
public final class ServiceIpInClusterRangeRule implements Rule {
  private static final RuleMeta META = RuleMeta.reference("service-ip-in-cluster-range", Category.NETWORK,
      Action.WARN, List.of("Service"),
      "A Service externalIPs or loadBalancerIP inside the pod or service CIDR.",
      "Use an address outside the cluster's pod and service ranges.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    List<Entry> entries = AddressPools.of(ctx);
    if (entries.isEmpty()) {
      return;
    }
    for (Entry e : entries) {
      if (!e.ok() || (e.role() != Role.EXTERNAL_IP && e.role() != Role.LOAD_BALANCER_IP)) {
        continue;
      }
      for (Range r : ClusterRanges.of(ctx)) {
        if (Cidrs.contains(r.value(), e.value())) {
          out.add(e.path(), e.value().text() + " is inside the " + r.type().display() + " " + r.value().text()
              + " of " + r.source() + "; use an address outside the cluster's pod and service ranges.");
          break;
        }
      }
    }
  }
}
