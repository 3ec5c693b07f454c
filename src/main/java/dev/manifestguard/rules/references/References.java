package dev.manifestguard.rules.references;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.cluster.ClusterState;
import dev.manifestguard.cluster.ClusterState.Presence;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Review.Mode;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.model.JsonText;
import java.util.Set;

/**
 * The reference semantics of RULES.md, shared by every rule marked (R): what a present, absent or
 * unknown object means in the webhook and in the CLI.
 *
 * <ul>
 *   <li>PRESENT: no finding.
 *   <li>ABSENT (the cache missed and a live GET confirmed it, or the CLI runs with {@code
 *       --strict-references}): a finding at the rule's action.
 *   <li>UNKNOWN with a cluster (the confirming GET failed): a warn, never a deny on a guess.
 *   <li>UNKNOWN without a cluster: a warn in the CLI (the name is not among its inputs), silence in
 *       the webhook (it has nothing to compare against, so any finding would be noise on every
 *       request).
 * </ul>
 */
public final class References {
  public static final String RBAC = "rbac.authorization.k8s.io";
  public static final String STORAGE = "storage.k8s.io";
  public static final String DEFAULT_CLASS_ANNOTATION =
      "storageclass.kubernetes.io/is-default-class";
  public static final String DEFAULT_CLASS_ANNOTATION_BETA =
      "storageclass.beta.kubernetes.io/is-default-class";

  private static final Set<String> DEFAULT_CLUSTER_ROLES =
      Set.of("cluster-admin", "admin", "edit", "view");

  private References() {}

  /** Whether an object exists, counting the names Kubernetes always creates as present. */
  public static Presence presence(
      ClusterState cluster, String group, String kind, String namespace, String name) {
    if (builtIn(group, kind, name)) {
      return Presence.PRESENT;
    }
    return cluster.presence(group, kind, namespace == null ? "" : namespace, name);
  }

  /**
   * Names that exist in every cluster: the {@code default} ServiceAccount and the default
   * ClusterRoles.
   */
  public static boolean builtIn(String group, String kind, String name) {
    if ("".equals(group) && "ServiceAccount".equals(kind)) {
      return "default".equals(name);
    }
    if (RBAC.equals(group) && "ClusterRole".equals(kind)) {
      return DEFAULT_CLUSTER_ROLES.contains(name) || name.startsWith("system:");
    }
    return false;
  }

  /**
   * Checks that a referenced object exists and reports it otherwise.
   *
   * @param fix what to do, without the final period: {@code create it or correct
   *     serviceAccountName}
   * @return the presence found (PRESENT for built-in names)
   */
  public static Presence require(
      RuleContext ctx,
      Findings out,
      String path,
      String group,
      String kind,
      String namespace,
      String name,
      String fix) {
    Presence p = presence(ctx.cluster(), group, kind, namespace, name);
    String what = describe(kind, namespace, name);
    switch (p) {
      case PRESENT -> {}
      case ABSENT -> out.add(path, what + " does not exist; " + fix + ".");
      case UNKNOWN -> {
        if (ctx.cluster().isKnown()) {
          out.add(
              path,
              what
                  + " could not be confirmed (the API server did not answer); "
                  + fix
                  + " if it does not exist.",
              Action.WARN);
        } else if (ctx.mode() == Mode.OFFLINE) {
          out.add(
              path,
              what
                  + " is not among the checked manifests and no cluster state was given; "
                  + fix
                  + ", or pass --cluster-state or --kubeconfig to verify.",
              Action.WARN);
        }
      }
    }
    return p;
  }

  /**
   * Reports a condition that can only be established by the absence of something in a list (no
   * default StorageClass, no binding): at the rule's action when the cluster is known, as a warn in
   * the CLI otherwise (it has only its inputs), and not at all in a webhook without cluster.
   */
  public static void absentFromList(
      RuleContext ctx, Findings out, String path, String knownMessage, String offlineMessage) {
    if (ctx.cluster().isKnown()) {
      out.add(path, knownMessage);
    } else if (ctx.mode() == Mode.OFFLINE) {
      out.add(path, offlineMessage, Action.WARN);
    }
  }

  /**
   * {@code ServiceAccount "builder" in namespace "ci"}, or {@code ClusterRole "reader"} when
   * cluster-scoped.
   */
  public static String describe(String kind, String namespace, String name) {
    return kind
        + " \""
        + name
        + "\""
        + (namespace == null || namespace.isEmpty() ? "" : " in namespace \"" + namespace + "\"");
  }

  /**
   * True when a StorageClass carries the default-class annotation (current or beta spelling) set to
   * true.
   */
  public static boolean isDefaultClass(JsonNode storageClass) {
    JsonNode a = storageClass.path("metadata").path("annotations");
    return "true".equals(JsonText.text(a, DEFAULT_CLASS_ANNOTATION))
        || "true".equals(JsonText.text(a, DEFAULT_CLASS_ANNOTATION_BETA));
  }
}
