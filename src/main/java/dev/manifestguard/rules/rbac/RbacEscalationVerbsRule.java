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
import java.util.Map;

/**
 * Permissions that lead to more permissions: escalate, bind, impersonate, exec into pods, and
 * reading every Secret. Wildcards are {@code rbac-wildcard}'s business; here a {@code *} verb
 * counts only on an explicitly named sensitive resource.
 */
public final class RbacEscalationVerbsRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "rbac-escalation-verbs",
          Category.RBAC,
          Action.WARN,
          List.of("Role", "ClusterRole"),
          "A role granting escalate, bind or impersonate, create on pods/exec, or read access to secrets cluster-wide.",
          "Grant these permissions only to roles that administer RBAC or debug pods, and bind them to few subjects.");

  private static final Map<String, String> VERBS =
      Map.of(
          "escalate", "lets the holder give roles permissions it does not have itself",
          "bind", "lets the holder bind roles with permissions it does not have itself",
          "impersonate",
              "lets the holder act as any user, group or service account it may impersonate");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    boolean clusterRole = "ClusterRole".equals(ctx.kind());
    for (Bindings.PolicyRule policyRule : Bindings.policyRules(ctx)) {
      JsonNode rule = policyRule.node();
      String rulePath = policyRule.path();
      JsonNode verbs = rule.path("verbs");
      if (!verbs.isArray()) {
        continue;
      }
      for (int j = 0; j < verbs.size(); j++) {
        String verb = verbs.get(j).asText("");
        if (VERBS.containsKey(verb)) {
          out.add(
              FieldPaths.index(FieldPaths.child(rulePath, "verbs"), j),
              "verb \""
                  + verb
                  + "\" "
                  + VERBS.get(verb)
                  + "; remove it unless this role administers RBAC.");
        }
      }
      if (!coreGroup(rule.path("apiGroups"))) {
        continue;
      }
      JsonNode resources = rule.path("resources");
      if (!resources.isArray()) {
        continue;
      }
      boolean restricted =
          rule.path("resourceNames").isArray() && rule.path("resourceNames").size() > 0;
      for (int k = 0; k < resources.size(); k++) {
        String resource = resources.get(k).asText("");
        String path = FieldPaths.index(FieldPaths.child(rulePath, "resources"), k);
        if (resource.equals("pods/exec") && has(verbs, "create")) {
          out.add(
              path,
              "create on pods/exec runs commands inside pods, with their service accounts and mounted"
                  + " secrets; grant it only to a debugging role.");
        } else if (resource.equals("secrets")
            && clusterRole
            && !restricted
            && (has(verbs, "get") || has(verbs, "list") || has(verbs, "watch"))) {
          out.add(
              path,
              "read access to secrets in a ClusterRole exposes every Secret wherever it is bound; use a"
                  + " namespaced Role or restrict it with resourceNames.");
        }
      }
    }
  }

  private static boolean has(JsonNode verbs, String verb) {
    for (JsonNode v : verbs) {
      String s = v.asText("");
      if (s.equals(verb) || s.equals("*")) {
        return true;
      }
    }
    return false;
  }

  private static boolean coreGroup(JsonNode groups) {
    if (!groups.isArray()) {
      return false;
    }
    for (JsonNode g : groups) {
      if (g.isTextual() && (g.textValue().isEmpty() || g.textValue().equals("*"))) {
        return true;
      }
    }
    return false;
  }
}
