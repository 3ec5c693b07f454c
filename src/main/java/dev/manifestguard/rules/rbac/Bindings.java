package dev.manifestguard.rules.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.model.PodSpecs.PodSpecRef;
import dev.manifestguard.rules.References;

/** Small readers shared by the RBAC rules. */
final class Bindings {
  static final String RBAC = References.RBAC;

  private Bindings() {}

  static boolean isRbac(RuleContext ctx, String... kinds) {
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

  /** The field naming the pod's ServiceAccount: {@code serviceAccountName}, else the deprecated {@code serviceAccount}. */
  static String serviceAccountField(PodSpecRef pod) {
    if (!References.text(pod.spec(), "serviceAccountName").isEmpty()) {
      return "serviceAccountName";
    }
    return References.text(pod.spec(), "serviceAccount").isEmpty() ? null : "serviceAccount";
  }

  /**
   * The namespace of a ServiceAccount subject: its own, or for a RoleBinding the binding's namespace (the API
   * accepts a RoleBinding subject without one); null when it cannot be told.
   */
  static String subjectNamespace(RuleContext ctx, JsonNode subject) {
    String ns = References.text(subject, "namespace");
    if (!ns.isEmpty()) {
      return ns;
    }
    return "RoleBinding".equals(ctx.kind()) ? ctx.ref().namespace() : null;
  }

  /** True when a binding (RoleBinding or ClusterRoleBinding object) names the ServiceAccount as a subject. */
  static boolean bindsServiceAccount(JsonNode binding, String namespace, String name) {
    String bindingNs = binding.path("metadata").path("namespace").asText("");
    boolean roleBinding = "RoleBinding".equals(binding.path("kind").asText(""));
    for (JsonNode s : binding.path("subjects")) {
      String kind = References.text(s, "kind");
      String subjectName = References.text(s, "name");
      if ("ServiceAccount".equals(kind) && name.equals(subjectName)) {
        String ns = References.text(s, "namespace");
        if (ns.isEmpty() && roleBinding) {
          ns = bindingNs.isEmpty() ? "default" : bindingNs;
        }
        if (namespace.equals(ns)) {
          return true;
        }
      } else if ("Group".equals(kind)
          && (subjectName.equals("system:serviceaccounts") || subjectName.equals("system:serviceaccounts:" + namespace))) {
        return true;
      }
    }
    return false;
  }
}
