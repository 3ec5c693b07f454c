package dev.manifestguard.rules.rbac;

import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.JsonText;
import dev.manifestguard.model.PodSpecs;
import dev.manifestguard.model.PodSpecs.PodSpecRef;
import dev.manifestguard.rules.references.References;

/**
 * A pod spec naming a ServiceAccount that does not exist: the controller cannot create its pods.
 */
public final class RbacServiceaccountMissingRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "rbac-serviceaccount-missing",
          Category.RBAC,
          Action.DENY,
          PodSpecs.POD_KINDS,
          "A pod spec's serviceAccountName names a ServiceAccount that does not exist in its namespace.",
          "Create the ServiceAccount before the workload, or correct serviceAccountName.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (PodSpecRef pod : ctx.podSpecs()) {
      String field = Bindings.serviceAccountField(pod);
      if (field == null) {
        continue;
      }
      String name = JsonText.text(pod.spec(), field);
      References.require(
          ctx,
          out,
          FieldPaths.child(pod.path(), field),
          "",
          "ServiceAccount",
          ctx.ref().namespace(),
          name,
          "create it or correct " + field);
    }
  }
}
