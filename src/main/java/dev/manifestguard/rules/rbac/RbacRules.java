package dev.manifestguard.rules.rbac;

import dev.manifestguard.engine.Rule;
import java.util.List;

/** The rules of category `rbac`. */
public final class RbacRules {
  private RbacRules() {}

  public static List<Rule> all() {
    return List.of(
        new ServiceAccountMissingRule(),
        new RoleRefMissingRule(),
        new SubjectMissingRule(),
        new ServiceAccountUnboundRule(),
        new WildcardRule(),
        new ClusterAdminBindingRule(),
        new EscalationVerbsRule());
  }
}
