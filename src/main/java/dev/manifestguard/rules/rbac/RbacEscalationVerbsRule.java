package dev.manifestguard.rules.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.FieldPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Permissions that lead to more permissions: escalate, bind, impersonate, exec into pods, and
 * reading every Secret. A {@code *} verb counts where it includes escalate and bind (on roles or
 * clusterroles, named or by a {@code *} resource and group) or impersonate (on users, groups or
 * service accounts), and on an explicitly named sensitive resource; the wildcard as such is {@code
 * rbac-wildcard}'s business.
 */
public final class RbacEscalationVerbsRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "rbac-escalation-verbs",
          Category.RBAC,
          Action.WARN,
          List.of("Role", "ClusterRole"),
          "A role granting escalate, bind or impersonate (a * verb on roles or identities included), create on pods/exec, "
              + "or read access to secrets cluster-wide.",
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
        if (verb.equals("*")) {
          wildcardVerb(rule, FieldPaths.index(FieldPaths.child(rulePath, "verbs"), j), out);
        } else if (VERBS.containsKey(verb)) {
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

  /**
   * A {@code *} verb grants escalate and bind wherever it covers roles or clusterroles, and
   * impersonate wherever it covers users, groups or service accounts (reported once, at the verb;
   * {@code rbac-wildcard} reports the wildcard itself).
   */
  private static void wildcardVerb(JsonNode rule, String path, Findings out) {
    JsonNode groups = rule.path("apiGroups");
    JsonNode resources = rule.path("resources");
    List<String> roles = covered(groups, resources, RBAC_GROUP, List.of("roles", "clusterroles"));
    List<String> identities =
        covered(groups, resources, "", List.of("users", "groups", "serviceaccounts"));
    if (roles.isEmpty() && identities.isEmpty()) {
      return;
    }
    StringBuilder msg = new StringBuilder("verb \"*\"");
    if (!roles.isEmpty()) {
      msg.append(" on ")
          .append(String.join(" and ", roles))
          .append(" includes escalate and bind, which let the holder write and bind roles with ")
          .append("permissions it does not have itself");
    }
    if (!identities.isEmpty()) {
      msg.append(roles.isEmpty() ? " on " : ", and on ")
          .append(String.join(", ", identities))
          .append(roles.isEmpty() ? " includes" : "")
          .append(" impersonate, which lets the holder act as them");
    }
    out.add(path, msg.append("; list the verbs this role needs instead.").toString());
  }

  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  /** Which of {@code names} in {@code group} the rule's apiGroups and resources cover. */
  private static List<String> covered(
      JsonNode groups, JsonNode resources, String group, List<String> names) {
    if (!contains(groups, group)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String name : names) {
      if (contains(resources, name)) {
        out.add(name);
      }
    }
    return out;
  }

  /** True when the list names {@code value} or {@code *}. */
  private static boolean contains(JsonNode list, String value) {
    if (!list.isArray()) {
      return false;
    }
    for (JsonNode v : list) {
      if (v.isTextual() && (v.textValue().equals(value) || v.textValue().equals("*"))) {
        return true;
      }
    }
    return false;
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
