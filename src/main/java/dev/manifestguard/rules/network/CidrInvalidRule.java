package dev.manifestguard.rules.network;

import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.AddressPools.Entry;

/** An address, CIDR or range that Kubernetes or the add-on owning the field would refuse. */
public final class CidrInvalidRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "cidr-invalid",
          Category.NETWORK,
          Action.DENY,
          NetworkKinds.CIDR_BEARING,
          "An address, CIDR or range that does not parse, a prefix length out of range, or a range whose start is "
              + "after its end.",
          "Write the value the way Go's parser reads it: four decimal octets without leading zeros or IPv6 groups, "
              + "a prefix length within the family's size, and ranges from the lower to the higher address.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (Entry e : Addresses.all(ctx)) {
      if (!e.ok()) {
        out.add(e.path(), e.parsed().error());
      }
    }
  }
}
