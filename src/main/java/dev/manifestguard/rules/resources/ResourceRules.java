package dev.manifestguard.rules.resources;

import dev.manifestguard.engine.Rule;
import java.util.List;

/** The rules of category `resources`. */
public final class ResourceRules {
  private ResourceRules() {}

  public static List<Rule> all() {
    return List.of(
        new QuantityInvalidRule(),
        new QuantityNegativeRule(),
        new RequestsExceedLimitsRule(),
        new ExtendedResourceInvalidRule(),
        new ResourceNameInvalidRule(),
        new RequestsMissingRule(),
        new LimitsMissingRule(),
        new QuantitySuspiciousRule(),
        new LimitRangeInconsistentRule(),
        new LimitRangeViolationRule());
  }
}
