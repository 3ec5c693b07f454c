package dev.manifestguard.rules.rbac;

import dev.manifestguard.engine.Rule;
import java.util.List;

/** The rules of category `rbac`. */
public final class RbacRules {
  private RbacRules() {}

  public static List<Rule> all() {
    return List.of(
        new RbacServiceaccountMissingRule(),
        new RbacRolerefMissingRule(),
        new RbacSubjectMissingRule(),
        new RbacServiceaccountUnboundRule(),
        new RbacWildcardRule(),
        new RbacClusterAdminBindingRule(),
        new RbacEscalationVerbsRule());
  }
}
