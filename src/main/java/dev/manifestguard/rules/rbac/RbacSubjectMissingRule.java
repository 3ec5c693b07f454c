package dev.manifestguard.rules.rbac;

import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.rules.references.References;
import java.util.List;

/**
 * A binding subject of kind ServiceAccount that does not exist: a typo, or permissions waiting for
 * a future SA.
 */
public final class RbacSubjectMissingRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "rbac-subject-missing",
          Category.RBAC,
          Action.WARN,
          List.of("RoleBinding", "ClusterRoleBinding"),
          "A binding subject of kind ServiceAccount names a ServiceAccount that does not exist.",
          "Create the ServiceAccount, or correct the subject's name and namespace.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (Bindings.Subject s : Bindings.subjects(ctx)) {
      if (!"ServiceAccount".equals(s.kind()) || s.name().isEmpty()) {
        continue;
      }
      String ns = Bindings.subjectNamespace(ctx, s.node());
      if (ns == null) {
        continue;
      }
      References.require(
          ctx,
          out,
          s.namePath(),
          "",
          "ServiceAccount",
          ns,
          s.name(),
          "create it or correct the subject");
    }
  }
}
