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

/**
 * An apiVersion and kind that neither Kubernetes (the fabric8 model registry, or a kind fabric8
 * knows in another version of a built-in group) nor a CustomResourceDefinition among the inputs or
 * the cluster defines. CLI only: the apiserver only admits kinds it serves.
 */
public final class KindUnknownRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "kind-unknown",
          Category.SCHEMA,
          Action.WARN,
          List.of("*"),
          "An apiVersion/kind that is neither built in nor defined by a CRD among the inputs or the cluster (CLI).",
          "Check the spelling of apiVersion and kind, or pass the CustomResourceDefinition with the inputs or "
              + "--cluster-state so the kind is known.");

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
    if (apiVersion.isBlank()
        || kind.isBlank()
        || BuiltInSchemas.modelClass(apiVersion, kind) != null) {
      return; // missing ones are schema-invalid
    }
    String group = Kinds.groupOf(apiVersion);
    if (CustomKinds.isConfigGroup(group)) {
      return;
    }
    if (Kinds.isBuiltInGroup(apiVersion)) {
      if (!BuiltInSchemas.knownInGroup(group, kind)) {
        String suggestion = DidYouMean.closest(kind, BuiltInSchemas.kindNames());
        out.add(
            "kind",
            "kind \""
                + kind
                + "\" does not exist in API group "
                + (group.isEmpty() ? "core (apiVersion v1)" : group)
                + (suggestion != null
                    ? "; did you mean \"" + suggestion + "\"?"
                    : "; check the kind and apiVersion."));
      }
      return;
    }
    JsonNode crd = CustomKinds.find(ctx.cluster(), group, kind);
    if (crd == null) {
      String suggestion = DidYouMean.closest(kind, CustomKinds.kindsOf(ctx.cluster(), group));
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
