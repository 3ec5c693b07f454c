package dev.manifestguard.rules.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.FieldPaths;
import java.util.List;

/**
 * An explicit {@code replicas: 1} on a Deployment or StatefulSet in a production namespace. With
 * one replica no spread helps and a PodDisruptionBudget can only choose between downtime and a
 * blocked node drain. An absent {@code replicas} is not reported: it is the usual sign that a
 * HorizontalPodAutoscaler owns the count.
 */
public final class ReplicasSingleRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "replicas-single",
          Category.RELIABILITY,
          Action.WARN,
          List.of("Deployment", "StatefulSet"),
          "A Deployment or StatefulSet with replicas: 1 in a namespace the policy marks as production.",
          "Run at least 2 replicas, spread across nodes with topologySpreadConstraints or pod anti-affinity, and "
              + "protect them with a PodDisruptionBudget.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    if (!ctx.group().equals("apps")
        || !(ctx.kind().equals("Deployment") || ctx.kind().equals("StatefulSet"))) {
      return;
    }
    String ns = ctx.ref().namespace();
    if (!ctx.settings().isProductionNamespace(ns)) {
      return;
    }
    JsonNode replicas = ctx.object().path("spec").path("replicas");
    boolean one =
        (replicas.isIntegralNumber() && replicas.asLong() == 1)
            || (replicas.isTextual() && replicas.textValue().trim().equals("1"));
    if (one) {
      out.add(
          FieldPaths.child("spec", "replicas"),
          "replicas is 1 in production namespace "
              + ns
              + ": a node drain or eviction takes it down, and a PodDisruptionBudget would only block the drain; "
              + "run at least 2 replicas spread across nodes.");
    }
  }
}
