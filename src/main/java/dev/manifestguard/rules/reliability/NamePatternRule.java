package dev.manifestguard.rules.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import java.util.List;
import java.util.regex.Pattern;

/** A {@code metadata.name} that does not match the whole of the policy's pattern for its kind. */
public final class NamePatternRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "name-pattern",
          Category.RELIABILITY,
          Action.OFF,
          List.of("*"),
          "metadata.name not matching the policy's pattern for the kind (settings.namePatterns).",
          "Rename the object so that its whole name matches the pattern the policy sets for its kind.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    Pattern pattern = ctx.settings().namePatterns().get(ctx.kind());
    JsonNode name = ctx.object().path("metadata").path("name");
    if (pattern == null || !name.isTextual()) {
      return; // generateName objects get their name from the apiserver
    }
    if (!pattern.matcher(name.textValue()).matches()) {
      out.add(
          "metadata.name",
          "name "
              + name.textValue()
              + " does not match "
              + pattern.pattern()
              + ", the pattern the policy sets for "
              + ctx.kind()
              + "; rename it.");
    }
  }
}
