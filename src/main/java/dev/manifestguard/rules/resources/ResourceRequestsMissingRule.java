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
import java.util.ArrayList;
import java.util.List;

/**
 * A container or init container without a cpu or memory request (ephemeral containers cannot have
 * resources). The request must be written: a limit alone does get copied into the request by the
 * apiserver, but the peers (Kyverno, Polaris) ask for it explicitly and so do we, it makes the
 * scheduling intent visible.
 */
public final class ResourceRequestsMissingRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "resource-requests-missing",
          Category.RESOURCES,
          Action.WARN,
          List.of("*"),
          "A container without a cpu or memory request.",
          "Set resources.requests.cpu and resources.requests.memory on every container so the scheduler can place it.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (ContainerRef c : ctx.containers()) {
      if (c.list().equals("ephemeralContainers")) {
        continue;
      }
      var requests = c.field(ContainerField.RESOURCES).path("requests");
      if (requests.hasNonNull("cpu") && requests.hasNonNull("memory")) {
        continue;
      }
      List<String> missing = new ArrayList<>();
      for (String name : List.of("cpu", "memory")) {
        if (!requests.hasNonNull(name)) {
          missing.add(name);
        }
      }
      String path = FieldPaths.child(FieldPaths.child(c.path(), "resources"), "requests");
      String who = "container " + (c.name().isEmpty() ? "" : "\"" + c.name() + "\" ");
      if (missing.size() == 2) {
        out.add(
            path,
            who
                + "has no cpu and no memory request; set requests such as cpu: 100m and memory: 128Mi so "
                + "the scheduler can place it.");
      } else if (missing.get(0).equals("cpu")) {
        out.add(
            path,
            who + "has no cpu request; set one such as cpu: 100m so the scheduler can place it.");
      } else {
        out.add(
            path,
            who
                + "has no memory request; set one such as memory: 128Mi so the scheduler can place it.");
      }
    }
  }
}
