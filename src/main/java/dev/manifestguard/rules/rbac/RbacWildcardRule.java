package dev.manifestguard.rules.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.FieldPaths;
import java.util.List;

/**
 * {@code *} in a role rule grants everything, including verbs and resources added by future
 * versions.
 */
public final class RbacWildcardRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "rbac-wildcard",
          Category.RBAC,
          Action.WARN,
          List.of("Role", "ClusterRole"),
          "A Role or ClusterRole rule with * in verbs, resources or apiGroups.",
          "List the verbs, resources and API groups the workload needs instead of *.");

  private static final List<String> FIELDS = List.of("apiGroups", "resources", "verbs");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (Bindings.PolicyRule rule : Bindings.policyRules(ctx)) {
      for (String field : FIELDS) {
        JsonNode values = rule.node().path(field);
        if (!values.isArray()) {
          continue;
        }
        for (int j = 0; j < values.size(); j++) {
          if ("*".equals(values.get(j).asText(null))) {
            out.add(
                FieldPaths.index(FieldPaths.child(rule.path(), field), j),
                "\"*\" in "
                    + field
                    + " grants all "
                    + noun(field)
                    + ", including those added later; list the "
                    + noun(field)
                    + " needed.");
          }
        }
      }
    }
  }

  private static String noun(String field) {
    return switch (field) {
      case "apiGroups" -> "API groups";
      case "resources" -> "resources";
      default -> "verbs";
    };
  }
}
