package dev.manifestguard.rules.rbac;

import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import java.util.List;
import java.util.Set;

/**
 * cluster-admin bound to everyone (anonymous, unauthenticated or any authenticated user) hands the
 * cluster over: a deny. Bound to a ServiceAccount it is sometimes deliberate (operators, CI), so at
 * most a warn.
 */
public final class RbacClusterAdminBindingRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "rbac-cluster-admin-binding",
          Category.RBAC,
          Action.DENY,
          List.of("RoleBinding", "ClusterRoleBinding"),
          "cluster-admin bound to system:anonymous, system:unauthenticated or system:authenticated (warn for a ServiceAccount).",
          "Bind a narrower role to the specific users or service accounts that need it.");

  private static final Bindings.RoleRef CLUSTER_ADMIN =
      new Bindings.RoleRef("ClusterRole", "cluster-admin");
  private static final Set<String> EVERYONE =
      Set.of("system:anonymous", "system:unauthenticated", "system:authenticated");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    if (!CLUSTER_ADMIN.equals(Bindings.roleRef(ctx))) {
      return;
    }
    String scope = "ClusterRoleBinding".equals(ctx.kind()) ? "the whole cluster" : "the namespace";
    for (Bindings.Subject s : Bindings.subjects(ctx)) {
      String kind = s.kind();
      String name = s.name();
      String path = s.namePath();
      if ((kind.equals("Group") || kind.equals("User")) && EVERYONE.contains(name)) {
        out.add(
            path,
            "cluster-admin is bound to "
                + kind
                + " \""
                + name
                + "\", which gives full control of "
                + scope
                + " to "
                + (name.equals("system:authenticated") ? "every authenticated user" : "anyone")
                + "; bind a narrower"
                + " role to specific subjects.");
      } else if (kind.equals("ServiceAccount")) {
        String ns = Bindings.subjectNamespace(ctx, s.node());
        out.add(
            path,
            "cluster-admin is bound to ServiceAccount \""
                + (ns == null ? "" : ns + "/")
                + name
                + "\": any pod running as it controls "
                + scope
                + "; grant a role with only the permissions it needs.",
            Action.WARN);
      } else if (kind.equals("Group")
          && (name.equals("system:serviceaccounts")
              || name.startsWith("system:serviceaccounts:"))) {
        out.add(
            path,
            "cluster-admin is bound to Group \""
                + name
                + "\": every pod running as one of those service"
                + " accounts controls "
                + scope
                + "; grant a narrower role to a single ServiceAccount.",
            Action.WARN);
      }
    }
  }
}
