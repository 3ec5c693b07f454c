package dev.manifestguard.rules.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.ContainerField;
import dev.manifestguard.model.PodSpecs.ContainerRef;
import java.util.List;
import java.util.Set;

/**
 * A long-running workload's container without a readiness or a liveness probe. Init and ephemeral
 * containers are exempt (they are not serving), and so are run-to-completion kinds (Job, CronJob)
 * and bare Pods.
 */
public final class ProbeMissingRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "probe-missing",
          Category.RELIABILITY,
          Action.WARN,
          List.of(
              "Deployment",
              "StatefulSet",
              "DaemonSet",
              "argoproj.io Rollout",
              "apps.kruise.io CloneSet",
              "apps.kruise.io StatefulSet",
              "apps.kruise.io DaemonSet"),
          "A Deployment, StatefulSet or DaemonSet container without a readiness probe or a liveness probe.",
          "Add a readinessProbe (traffic only once ready) and a livenessProbe (restart when hung) to every container.");

  /** group/kind of the long-running, replicated workloads. */
  private static final Set<String> WORKLOADS =
      Set.of(
          "apps/Deployment",
          "apps/StatefulSet",
          "apps/DaemonSet",
          "argoproj.io/Rollout",
          "apps.kruise.io/CloneSet",
          "apps.kruise.io/StatefulSet",
          "apps.kruise.io/DaemonSet");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    if (!WORKLOADS.contains(ctx.group() + "/" + ctx.kind())) {
      return;
    }
    for (ContainerRef c : ctx.containers()) {
      if (!c.list().equals("containers")) {
        continue;
      }
      if (!probe(c.field(ContainerField.READINESS_PROBE))) {
        out.add(
            c.path(),
            who(c) + " has no readinessProbe, so it gets traffic before it is ready; add one.");
      }
      if (!probe(c.field(ContainerField.LIVENESS_PROBE))) {
        out.add(
            c.path(),
            who(c) + " has no livenessProbe, so a hung process is never restarted; add one.");
      }
    }
  }

  private static String who(ContainerRef c) {
    return "container " + (c.name().isEmpty() ? c.path() : c.name());
  }

  private static boolean probe(JsonNode p) {
    return p.isObject() && p.size() > 0;
  }
}
