package dev.manifestguard.rules.resources;

import dev.manifestguard.engine.Rule;
import java.util.List;

/** The rules of category `resources`. */
public final class ResourceRules {
  private ResourceRules() {}

  public static List<Rule> all() {
    return List.of(
        new ResourceQuantityInvalidRule(),
        new ResourceQuantityNegativeRule(),
        new ResourceRequestsExceedLimitsRule(),
        new ResourceExtendedInvalidRule(),
        new ResourceNameInvalidRule(),
        new ResourceRequestsMissingRule(),
        new ResourceLimitsMissingRule(),
        new ResourceQuantitySuspiciousRule(),
        new LimitrangeInconsistentRule(),
        new ResourceViolatesLimitrangeRule());
  }
}
