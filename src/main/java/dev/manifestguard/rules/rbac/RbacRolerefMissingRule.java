package dev.manifestguard.rules.rbac;

import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.rules.references.References;
import java.util.List;

/** A binding whose roleRef names a Role or ClusterRole that does not exist grants nothing. */
public final class RbacRolerefMissingRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "rbac-roleref-missing",
          Category.RBAC,
          Action.DENY,
          List.of("RoleBinding", "ClusterRoleBinding"),
          "A RoleBinding or ClusterRoleBinding whose roleRef names a Role or ClusterRole that does not exist.",
          "Create the Role or ClusterRole first, or correct roleRef.name.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    Bindings.RoleRef roleRef = Bindings.roleRef(ctx);
    if (roleRef == null || roleRef.name().isEmpty()) {
      return;
    }
    String kind = roleRef.kind();
    String name = roleRef.name();
    if ("ClusterRole".equals(kind)) {
      References.require(
          ctx,
          out,
          "roleRef.name",
          References.RBAC,
          "ClusterRole",
          "",
          name,
          "create it or correct roleRef.name");
    } else if ("Role".equals(kind) && "RoleBinding".equals(ctx.kind())) {
      References.require(
          ctx,
          out,
          "roleRef.name",
          References.RBAC,
          "Role",
          ctx.ref().namespace(),
          name,
          "create it in the binding's namespace or correct roleRef.name");
    }
  }
}
