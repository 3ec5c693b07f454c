package dev.manifestguard.rules.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.cluster.ClusterState;
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
import dev.manifestguard.rules.rbac.Bindings.BoundAccounts;
import dev.manifestguard.rules.references.References;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod that mounts the token of a custom ServiceAccount nobody bound to any role: either the RBAC
 * is missing or the token is a credential the pod does not need.
 */
public final class RbacServiceaccountUnboundRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "rbac-serviceaccount-unbound",
          Category.RBAC,
          Action.WARN,
          PodSpecs.POD_KINDS,
          "A pod spec mounts the token of a non-default ServiceAccount that no RoleBinding or ClusterRoleBinding binds.",
          "Bind the Role the workload needs to its ServiceAccount, or set automountServiceAccountToken: false.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    String ns = ctx.ref().namespace();
    ClusterState cluster = ctx.cluster();
    for (PodSpecRef pod : ctx.podSpecs()) {
      String field = Bindings.serviceAccountField(pod);
      if (field == null) {
        continue;
      }
      String name = JsonText.text(pod.spec(), field);
      JsonNode podAutomount = pod.spec().path("automountServiceAccountToken");
      if (name.equals("default") || (podAutomount.isBoolean() && !podAutomount.booleanValue())) {
        continue;
      }
      JsonNode sa = serviceAccount(ctx, ns, name);
      if (sa == null) {
        continue; // rbac-serviceaccount-missing speaks about it
      }
      JsonNode saAutomount = sa.path("automountServiceAccountToken");
      if (!podAutomount.isBoolean() && saAutomount.isBoolean() && !saAutomount.booleanValue()) {
        continue;
      }
      if (bound(ctx, ns, name)) {
        continue;
      }
      String what = "ServiceAccount \"" + name + "\"";
      References.absentFromList(
          ctx,
          out,
          FieldPaths.child(pod.path(), field),
          what
              + " has no RoleBinding or ClusterRoleBinding but its token is mounted; bind the role the workload"
              + " needs or set automountServiceAccountToken: false.",
          what
              + " has no RoleBinding or ClusterRoleBinding among the checked manifests but its token is mounted;"
              + " bind the role the workload needs or set automountServiceAccountToken: false.");
    }
  }

  /** The ServiceAccounts of a namespace by name (the first of each), for a fixed cluster state. */
  private record AccountsIn(String namespace) {}

  private static JsonNode serviceAccount(RuleContext ctx, String ns, String name) {
    Map<String, JsonNode> byName =
        ctx.fromFixedCluster(
            new AccountsIn(ns),
            () -> {
              Map<String, JsonNode> out = new HashMap<>();
              for (JsonNode o : ctx.cluster().list("", "ServiceAccount", ns)) {
                out.putIfAbsent(o.path("metadata").path("name").asText(""), o);
              }
              return out;
            });
    return byName != null
        ? byName.get(name)
        : find(ctx.cluster().list("", "ServiceAccount", ns), name);
  }

  private static JsonNode find(List<JsonNode> objects, String name) {
    for (JsonNode o : objects) {
      if (name.equals(o.path("metadata").path("name").asText(""))) {
        return o;
      }
    }
    return null;
  }

  /**
   * What all ClusterRoleBindings bind, indexed once per fixed cluster state: scanning every
   * ClusterRoleBinding for every pod spec made this rule quadratic in the size of a bundle (a third
   * of the CLI's time on 20,000 objects).
   */
  private static final Object CLUSTER_BOUND = new Object();

  /** What the RoleBindings of one namespace bind: indexed once per namespace, likewise. */
  private record RoleBindingsIn(String namespace) {}

  private static boolean bound(RuleContext ctx, String ns, String name) {
    ClusterState cluster = ctx.cluster();
    return ctx.fromCluster(
                new RoleBindingsIn(ns),
                () -> BoundAccounts.of(cluster.list(References.RBAC, "RoleBinding", ns)))
            .binds(ns, name)
        || ctx.fromCluster(
                CLUSTER_BOUND,
                () -> BoundAccounts.of(cluster.list(References.RBAC, "ClusterRoleBinding", null)))
            .binds(ns, name);
  }
}
