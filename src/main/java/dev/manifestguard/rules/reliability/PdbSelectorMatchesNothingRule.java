package dev.manifestguard.rules.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.rules.references.Workloads;
import dev.manifestguard.rules.references.Workloads.Workload;
import java.util.ArrayList;
import java.util.List;

/**
 * A PodDisruptionBudget that protects nothing (its selector matches no workload), or that allows no
 * disruption at all ({@code minAvailable} at least the replicas, {@code maxUnavailable: 0}): every
 * node drain then blocks until someone deletes the budget.
 */
public final class PdbSelectorMatchesNothingRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "pdb-selector-matches-nothing",
          Category.RELIABILITY,
          Action.WARN,
          List.of("PodDisruptionBudget"),
          "A PodDisruptionBudget selecting no workload, or whose minAvailable is at least the selected workload's replicas (every drain blocks).",
          "Make the selector match the workload's pod labels, and keep minAvailable below its replicas (or use maxUnavailable: 1).");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    if (!"policy".equals(ctx.group()) || !"PodDisruptionBudget".equals(ctx.kind())) {
      return;
    }
    JsonNode spec = ctx.object().path("spec");
    JsonNode selector = spec.path("selector");
    if (!selector.isObject()) {
      return; // policy/v1 requires it; the apiserver says so
    }
    String ns = ctx.ref().namespace();
    List<Workload> matched = Workloads.matchingSelector(ctx, ns, selector);
    if (matched.isEmpty()) {
      Workloads.matchedNothing(
          ctx,
          out,
          "spec.selector",
          "the selector matches no workload",
          ns,
          "the budget protects no pod: correct the selector or the workload's pod labels");
      return;
    }
    JsonNode maxUnavailable = spec.path("maxUnavailable");
    if ("0".equals(maxUnavailable.asText()) || "0%".equals(maxUnavailable.asText())) {
      out.add(
          "spec.maxUnavailable",
          "maxUnavailable "
              + maxUnavailable.asText()
              + " allows no eviction: every node drain blocks; allow at least 1.");
      return;
    }
    JsonNode minAvailable = spec.path("minAvailable");
    if ("100%".equals(minAvailable.asText())) {
      out.add(
          "spec.minAvailable",
          "minAvailable 100% allows no eviction: every node drain blocks; use a lower"
              + " percentage or maxUnavailable: 1.");
      return;
    }
    if (!minAvailable.isIntegralNumber()) {
      return;
    }
    int total = 0;
    List<String> names = new ArrayList<>();
    for (Workload w : matched) {
      if (w.owned()) {
        continue; // counted at its owner
      }
      if (w.replicas() < 0) {
        return; // a DaemonSet, Job or bare Pod: how many pods it runs is not known here
      }
      total += w.replicas();
      names.add(w.describe() + " (" + w.replicas() + ")");
    }
    if (names.isEmpty() || minAvailable.intValue() < total) {
      return;
    }
    out.add(
        "spec.minAvailable",
        "minAvailable "
            + minAvailable.intValue()
            + " is at least the "
            + total
            + " replicas of "
            + String.join(", ", names)
            + ": no pod may ever be evicted and every node drain blocks; set minAvailable below "
            + total
            + " or use maxUnavailable: 1.");
  }
}
