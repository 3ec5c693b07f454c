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

/**
 * {@code 10.0.0.1/16}: tools silently use {@code 10.0.0.0/16}, which is rarely what the author had
 * in mind.
 */
public final class CidrHostBitsSetRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "cidr-host-bits-set",
          Category.NETWORK,
          Action.WARN,
          NetworkKinds.CIDR_BEARING,
          "A CIDR with host bits set (10.0.0.1/16): the network meant is 10.0.0.0/16.",
          "Write the network address of the CIDR, or a /32 (/128) for a single address.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (Entry e : Addresses.usable(ctx)) {
      if (Cidrs.hostBitsSet(e.value())) {
        Cidrs.Value v = e.value();
        boolean singleAddressLikely =
            e.role() == Role.IPBLOCK
                || e.role() == Role.IPBLOCK_EXCEPT
                || e.role() == Role.SOURCE_RANGE;
        out.add(
            e.path(),
            v.text()
                + " has host bits set and means the network "
                + Cidrs.networkAddress(v)
                + "; write "
                + Cidrs.networkAddress(v)
                + (singleAddressLikely
                    ? ", or "
                        + v.address().withoutPrefixLength().toCompressedString()
                        + "/"
                        + v.address().getBitCount()
                        + " for the single address."
                    : "."));
      }
    }
  }
}
