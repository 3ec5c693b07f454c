package dev.manifestguard.rules.references;

import dev.manifestguard.engine.Rule;
import java.util.List;

/**
 * The {@code reference-*-missing} rules: what a pod spec needs to exist before its containers can
 * start.
 */
public final class ReferenceRules {
  private ReferenceRules() {}

  public static List<Rule> all() {
    return List.of(
        new ReferencePvcMissingRule(),
        new ReferenceConfigmapMissingRule(),
        new ReferenceSecretMissingRule());
  }
}
