package dev.manifestguard.rules.resources;

import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.ResourceBlocks.Entry;
import java.util.List;

/**
 * A negative quantity: it parses, but the apiserver refuses it in validation (and never checks
 * custom kinds).
 */
public final class ResourceQuantityNegativeRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "resource-quantity-negative",
          Category.RESOURCES,
          Action.DENY,
          List.of("*"),
          "A negative quantity in resources, overhead, claims, LimitRanges or ResourceQuotas.",
          "Write the quantity without the minus sign.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (Entry e : ResourceFacts.of(ctx).entries()) {
      if (e.valid() && e.quantity().isNegative()) {
        String positive = e.text().substring(1);
        out.add(
            e.path(),
            ResourceFacts.quoted(e.text())
                + " is negative; set a positive quantity such as "
                + positive
                + ".");
      }
    }
  }
}
