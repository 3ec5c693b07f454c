package dev.manifestguard.rules.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.rules.references.Workloads;
import java.util.List;

/**
 * A NetworkPolicy whose podSelector matches no workload of its namespace protects nothing: usually
 * a label typo, which leaves the pods it was meant for open. An empty podSelector (every pod, the
 * usual default-deny) is never a finding.
 */
public final class NetworkpolicySelectsNothingRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "networkpolicy-selects-nothing",
          Category.NETWORK,
          Action.AUDIT,
          List.of("NetworkPolicy"),
          "A NetworkPolicy whose podSelector matches no workload in its namespace.",
          "Make the podSelector match the labels of the pods to protect (spec.template.metadata.labels of their workload).");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    if (!IngressBackendMissingRule.NETWORKING.equals(ctx.group())
        || !"NetworkPolicy".equals(ctx.kind())) {
      return;
    }
    JsonNode selector = ctx.object().path("spec").path("podSelector");
    if (!selector.isObject() || Workloads.selectsAll(selector)) {
      return;
    }
    String ns = ctx.ref().namespace();
    if (Workloads.anyMatchingSelector(ctx, ns, selector)) {
      return;
    }
    Workloads.matchedNothing(
        ctx,
        out,
        "spec.podSelector",
        "the podSelector matches no workload",
        ns,
        "the policy protects no pod: correct the podSelector or the workload's pod labels");
  }
}
