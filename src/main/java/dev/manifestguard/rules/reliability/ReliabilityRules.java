package dev.manifestguard.rules.reliability;

import dev.manifestguard.engine.Rule;
import java.util.List;

/** The rules of category `reliability`. */
public final class ReliabilityRules {
  private ReliabilityRules() {}

  public static List<Rule> all() {
    return List.of(
        new ProbeMissingRule(),
        new ReplicasSingleRule(),
        new LabelsRequiredRule(),
        new TopologyNotAllowedRule(),
        new NamePatternRule(),
        new HpaTargetMissingRule(),
        new PdbSelectorMatchesNothingRule());
  }
}
