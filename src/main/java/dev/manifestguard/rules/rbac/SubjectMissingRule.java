package dev.manifestguard.rules.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.rules.References;
import java.util.List;

/** A binding subject of kind ServiceAccount that does not exist: a typo, or permissions waiting for a future SA. */
public final class SubjectMissingRule implements Rule {
  private static final RuleMeta META = RuleMeta.reference("rbac-subject-missing", Category.RBAC, Action.WARN,
      List.of("RoleBinding", "ClusterRoleBinding"),
      "A binding subject of kind ServiceAccount names a ServiceAccount that does not exist.",
      "Create the ServiceAccount, or correct the subject's name and namespace.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    if (!Bindings.isRbac(ctx, "RoleBinding", "ClusterRoleBinding")) {
      return;
    }
    JsonNode subjects = ctx.object().path("subjects");
    if (!subjects.isArray()) {
      return;
    }
    for (int i = 0; i < subjects.size(); i++) {
      JsonNode s = subjects.get(i);
      if (!"ServiceAccount".equals(References.text(s, "kind")) || References.text(s, "name").isEmpty()) {
        continue;
      }
      String ns = Bindings.subjectNamespace(ctx, s);
      if (ns == null) {
        continue;
      }
      References.require(ctx, out, FieldPaths.child(FieldPaths.index("subjects", i), "name"), "", "ServiceAccount", ns,
          References.text(s, "name"), "create it or correct the subject");
    }
  }
}
