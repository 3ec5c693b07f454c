package dev.manifestguard.rules.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Review.Mode;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.DidYouMean;
import dev.manifestguard.model.JsonText;
import dev.manifestguard.model.Kinds;
import java.util.List;
import java.util.Map;

/**
 * An apiVersion and kind that neither Kubernetes (the fabric8 model registry, or a kind fabric8
 * knows in another version of a built-in group) nor a CustomResourceDefinition among the inputs or
 * the cluster defines. CLI only: the apiserver only admits kinds it serves. A kind that no version
 * of a built-in group has ({@code v1 DeploymentConfig}, {@code apps/v1 Deploymnet}) is a deny
 * unless the policy sets this rule's action (RULES.md), since nothing in such an object would be
 * checked otherwise; an unknown kind in any other group is the rule's action (warn by default).
 */
public final class KindUnknownRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "kind-unknown",
          Category.SCHEMA,
          Action.WARN,
          List.of("*"),
          "An apiVersion/kind that is neither built in nor defined by a CRD among the inputs or the cluster (CLI); "
              + "a deny when a built-in API group has no such kind (v1 DeploymentConfig, apps/v1 Deploymnet).",
          "Check the spelling of apiVersion and kind, or pass the CustomResourceDefinition with the inputs or "
              + "--cluster-state so the kind is known.");

  /**
   * Kinds of OpenShift's API groups that old manifests write with {@code apiVersion: v1} (OpenShift
   * 3 served them in its legacy {@code oapi} group), and the group that serves them today.
   */
  private static final Map<String, String> OPENSHIFT =
      Map.of(
          "DeploymentConfig", "apps.openshift.io/v1",
          "BuildConfig", "build.openshift.io/v1",
          "ImageStream", "image.openshift.io/v1",
          "ImageStreamTag", "image.openshift.io/v1",
          "Route", "route.openshift.io/v1",
          "Template", "template.openshift.io/v1",
          "Project", "project.openshift.io/v1",
          "SecurityContextConstraints", "security.openshift.io/v1");

  /** The did-you-mean of a kind that a built-in group does not have. */
  private static String suggestion(String kind) {
    List<String> elsewhere = BuiltInSchemas.builtInApiVersionsOf(kind);
    if (!elsewhere.isEmpty()) {
      List<String> stable = elsewhere.stream().filter(v -> v.matches("(.*/)?v\\d+")).toList();
      List<String> pick = stable.isEmpty() ? elsewhere : stable;
      return "; did you mean apiVersion " + pick.get(pick.size() - 1) + "?";
    }
    if (OPENSHIFT.containsKey(kind)) {
      return "; did you mean apiVersion "
          + OPENSHIFT.get(kind)
          + " (an OpenShift kind, which a cluster without OpenShift does not serve)?";
    }
    String closest = DidYouMean.closest(kind, BuiltInSchemas.kindNames());
    return closest != null
        ? "; did you mean \"" + closest + "\"?"
        : "; check the kind and apiVersion.";
  }

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    if (ctx.mode() != Mode.OFFLINE) {
      return;
    }
    JsonNode object = ctx.object();
    String apiVersion = JsonText.text(object, "apiVersion");
    String kind = JsonText.text(object, "kind");
    if (apiVersion.isBlank() || kind.isBlank() || BuiltInSchemas.knows(apiVersion, kind)) {
      return; // missing ones are schema-invalid
    }
    String group = Kinds.groupOf(apiVersion);
    if (CustomKinds.isConfigGroup(group)) {
      return;
    }
    if (Kinds.isBuiltInGroup(apiVersion)) {
      if (!BuiltInSchemas.knownInGroup(group, kind)) {
        // No Kubernetes version serves this kind in this group: the apiserver refuses it, and
        // nothing in it would be checked. The pod-spec rules still read its pod templates.
        out.addWithAction(
            "kind",
            "kind \""
                + kind
                + "\" does not exist in API group "
                + (group.isEmpty() ? "core (apiVersion v1)" : group)
                + suggestion(kind),
            Action.DENY);
      }
      return;
    }
    JsonNode crd = CustomKinds.find(ctx, group, kind);
    if (crd == null) {
      String suggestion = DidYouMean.closest(kind, CustomKinds.kindsOf(ctx, group));
      out.add(
          "kind",
          suggestion != null
              ? "no CustomResourceDefinition defines kind \""
                  + kind
                  + "\" in group "
                  + group
                  + "; did you mean \""
                  + suggestion
                  + "\"?"
              : apiVersion
                  + " "
                  + kind
                  + " is not built into Kubernetes and no CustomResourceDefinition among the inputs "
                  + "or the cluster defines it; add its CRD to the inputs or to --cluster-state, or check the spelling.");
      return;
    }
    List<String> versions = CustomKinds.versions(crd);
    String version = CustomKinds.versionOf(apiVersion);
    if (!versions.isEmpty() && !versions.contains(version)) {
      out.add(
          "apiVersion",
          "the CustomResourceDefinition "
              + crd.path("metadata").path("name").asText("")
              + " defines "
              + kind
              + " in version"
              + (versions.size() > 1 ? "s " : " ")
              + String.join(", ", versions)
              + ", not "
              + version
              + "; use "
              + group
              + "/"
              + versions.get(0)
              + ".");
    }
  }
}
