package dev.manifestguard.rules.resources;

import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.ContainerField;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.PodSpecs.ContainerRef;
import java.util.List;

/**
 * A container or init container without a memory limit (ephemeral containers cannot have
 * resources).
 */
public final class ResourceLimitsMissingRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "resource-limits-missing",
          Category.RESOURCES,
          Action.WARN,
          List.of("*"),
          "A container without a memory limit.",
          "Set resources.limits.memory on every container so that one leak cannot exhaust the node.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (ContainerRef c : ctx.containers()) {
      if (c.list().equals("ephemeralContainers")
          || c.field(ContainerField.RESOURCES).path("limits").hasNonNull("memory")) {
        continue;
      }
      String who = "container " + (c.name().isEmpty() ? "" : "\"" + c.name() + "\" ");
      out.add(
          FieldPaths.child(FieldPaths.child(c.path(), "resources"), "limits"),
          who
              + "has no memory limit; set one such as memory: 512Mi so that one leak cannot exhaust the node.");
    }
  }
}
