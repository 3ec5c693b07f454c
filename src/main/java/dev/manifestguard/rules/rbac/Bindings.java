package dev.manifestguard.rules.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.JsonText;
import dev.manifestguard.model.PodSpecs.PodSpecRef;
import dev.manifestguard.rules.references.References;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Small readers shared by the RBAC rules. */
final class Bindings {
  static final String RBAC = References.RBAC;

  private Bindings() {}

  /** The roleRef of a binding: kind and name as text ("" when missing). */
  record RoleRef(String kind, String name) {}

  /** A subject of a binding, with the field path of its name. */
  record Subject(JsonNode node, String kind, String name, String namePath) {}

  /** A rule of a Role or ClusterRole, with its field path ({@code rules[0]}). */
  record PolicyRule(JsonNode node, String path) {}

  /**
   * The roleRef of the RoleBinding or ClusterRoleBinding under review; null when the object is no
   * binding.
   */
  static RoleRef roleRef(RuleContext ctx) {
    if (!isRbac(ctx, "RoleBinding", "ClusterRoleBinding")) {
      return null;
    }
    JsonNode roleRef = ctx.object().path("roleRef");
    return new RoleRef(JsonText.text(roleRef, "kind"), JsonText.text(roleRef, "name"));
  }

  /**
   * The subjects of the RoleBinding or ClusterRoleBinding under review; none when the object is no
   * binding.
   */
  static List<Subject> subjects(RuleContext ctx) {
    JsonNode subjects = ctx.object().path("subjects");
    if (!isRbac(ctx, "RoleBinding", "ClusterRoleBinding") || !subjects.isArray()) {
      return List.of();
    }
    List<Subject> out = new ArrayList<>();
    for (int i = 0; i < subjects.size(); i++) {
      JsonNode s = subjects.get(i);
      out.add(
          new Subject(
              s,
              JsonText.text(s, "kind"),
              JsonText.text(s, "name"),
              FieldPaths.child(FieldPaths.index("subjects", i), "name")));
    }
    return out;
  }

  /** The rules of the Role or ClusterRole under review; none when the object is no role. */
  static List<PolicyRule> policyRules(RuleContext ctx) {
    JsonNode rules = ctx.object().path("rules");
    if (!isRbac(ctx, "Role", "ClusterRole") || !rules.isArray()) {
      return List.of();
    }
    List<PolicyRule> out = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      out.add(new PolicyRule(rules.get(i), FieldPaths.index("rules", i)));
    }
    return out;
  }

  private static boolean isRbac(RuleContext ctx, String... kinds) {
    if (!RBAC.equals(ctx.group())) {
      return false;
    }
    for (String k : kinds) {
      if (k.equals(ctx.kind())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The field naming the pod's ServiceAccount: {@code serviceAccountName}, else the deprecated
   * {@code serviceAccount}.
   */
  static String serviceAccountField(PodSpecRef pod) {
    if (!JsonText.text(pod.spec(), "serviceAccountName").isEmpty()) {
      return "serviceAccountName";
    }
    return JsonText.text(pod.spec(), "serviceAccount").isEmpty() ? null : "serviceAccount";
  }

  /**
   * The namespace of a ServiceAccount subject: its own, or for a RoleBinding the binding's
   * namespace (the API accepts a RoleBinding subject without one); null when it cannot be told.
   */
  static String subjectNamespace(RuleContext ctx, JsonNode subject) {
    String ns = JsonText.text(subject, "namespace");
    if (!ns.isEmpty()) {
      return ns;
    }
    return "RoleBinding".equals(ctx.kind()) ? ctx.ref().namespace() : null;
  }

  /**
   * Which ServiceAccounts a list of RoleBindings or ClusterRoleBindings binds: all of them (group
   * {@code system:serviceaccounts}), those of some namespaces ({@code
   * system:serviceaccounts:<ns>}), or by name. A RoleBinding's ServiceAccount subject without a
   * namespace is in the binding's.
   */
  record BoundAccounts(boolean all, Set<String> namespaces, Set<Account> accounts) {
    record Account(String namespace, String name) {}

    private static final String GROUP = "system:serviceaccounts";

    static BoundAccounts of(List<JsonNode> bindings) {
      boolean all = false;
      Set<String> namespaces = new HashSet<>();
      Set<Account> accounts = new HashSet<>();
      for (JsonNode b : bindings) {
        boolean roleBinding = "RoleBinding".equals(b.path("kind").asText(""));
        String bindingNs = b.path("metadata").path("namespace").asText("");
        for (JsonNode s : b.path("subjects")) {
          String kind = JsonText.text(s, "kind");
          String name = JsonText.text(s, "name");
          if ("ServiceAccount".equals(kind)) {
            String ns = JsonText.text(s, "namespace");
            if (ns.isEmpty() && roleBinding) {
              ns = bindingNs.isEmpty() ? "default" : bindingNs;
            }
            accounts.add(new Account(ns, name));
          } else if ("Group".equals(kind)) {
            if (name.equals(GROUP)) {
              all = true;
            } else if (name.startsWith(GROUP + ":")) {
              namespaces.add(name.substring(GROUP.length() + 1));
            }
          }
        }
      }
      return new BoundAccounts(all, namespaces, accounts);
    }

    boolean binds(String namespace, String name) {
      return all
          || namespaces.contains(namespace)
          || accounts.contains(new Account(namespace, name));
    }
  }
}
