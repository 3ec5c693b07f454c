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
import java.util.List;

/**
 * The apiserver refuses an {@code except} that is not a strict subset of its {@code cidr}; say so
 * before apply.
 */
public final class NetworkpolicyExceptOutsideCidrRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "networkpolicy-except-outside-cidr",
          Category.NETWORK,
          Action.DENY,
          List.of("NetworkPolicy"),
          "An ipBlock except entry that is not strictly inside its cidr.",
          "List in except only ranges strictly inside the ipBlock's cidr.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (Entry e : Addresses.usable(ctx, Role.IPBLOCK_EXCEPT)) {
      if (e.block() == null || !e.block().ok()) {
        continue;
      }
      Cidrs.Value cidr = e.block().value();
      Cidrs.Value except = e.value();
      if (Cidrs.strictlyContains(cidr, except)) {
        continue;
      }
      if (Cidrs.contains(cidr, except)) {
        out.add(
            e.path(),
            "except "
                + except.text()
                + " is the whole cidr "
                + cidr.text()
                + "; an except must be strictly inside the cidr: narrow it, or drop this ipBlock.");
      } else {
        out.add(
            e.path(),
            "except "
                + except.text()
                + " is not inside cidr "
                + cidr.text()
                + "; list only ranges strictly inside the cidr.");
      }
    }
  }
}
