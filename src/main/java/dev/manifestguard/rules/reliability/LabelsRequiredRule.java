package dev.manifestguard.rules.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import java.util.List;

/** An object without a label that the policy's {@code settings.requiredLabels} lists. */
public final class LabelsRequiredRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "labels-required",
          Category.RELIABILITY,
          Action.OFF,
          List.of("*"),
          "An object missing a label the policy requires (settings.requiredLabels, e.g. app.kubernetes.io/name).",
          "Add the missing labels to metadata.labels, with a non-empty value.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    JsonNode labels = ctx.object().path("metadata").path("labels");
    String path = labels.isObject() ? "metadata.labels" : "metadata";
    for (String label : ctx.settings().requiredLabels()) {
      JsonNode v = labels.path(label);
      if (v.isMissingNode() || v.isNull()) {
        out.add(
            path,
            "label " + label + " is missing; the policy requires it on every object, so add it.");
      } else if (!v.isValueNode() || v.asText().isEmpty()) {
        out.add(
            dev.manifestguard.model.FieldPaths.child(path, label),
            "label " + label + " is empty; the policy requires a value, so set one.");
      }
    }
  }
}
