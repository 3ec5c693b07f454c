package dev.manifestguard.rules.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.ContainerField;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.PodSpecs;
import dev.manifestguard.model.PodSpecs.ContainerRef;

/**
 * An image without a tag or with {@code latest}, and without a digest: what runs can change on any
 * pull.
 */
public final class ImageTagMutableRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "image-tag-mutable",
          Category.SECURITY,
          Action.WARN,
          PodSpecs.POD_KINDS,
          "An image with no tag or the latest tag and no digest.",
          "Pin the image to a version tag (nginx:1.27.3) or, better, a digest (nginx@sha256:...).");

  private static final String LATEST = "latest";

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (ContainerRef c : ctx.containers()) {
      JsonNode image = c.field(ContainerField.IMAGE);
      if (!image.isTextual()) {
        continue;
      }
      String ref = image.textValue().trim();
      if (ref.isEmpty()
          || ref.contains("@")
          || ref.contains("{{")
          || ref.contains("${")
          || ref.contains("$(")) {
        continue; // a digest pins it; a template placeholder is not an image yet
      }
      int slash = ref.lastIndexOf('/');
      int colon = ref.lastIndexOf(':');
      // A colon after the last slash starts the tag (one before it is a registry's port).
      if (colon <= slash) {
        out.add(
            FieldPaths.child(c.path(), "image"),
            "image "
                + ref
                + " has no tag, so it means "
                + ref
                + ":latest and can change on every pull; pin a version tag or a digest.");
      } else if (ref.length() - colon - 1 == LATEST.length() && ref.startsWith(LATEST, colon + 1)) {
        out.add(
            FieldPaths.child(c.path(), "image"),
            "image "
                + ref
                + " uses the mutable latest tag and can change on every pull; pin a version tag or a digest.");
      }
    }
  }
}
