package dev.manifestguard.rules.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.JsonText;
import dev.manifestguard.rules.references.Workloads;
import dev.manifestguard.rules.references.Workloads.Workload;
import java.util.List;
import java.util.Map;

/**
 * A Service that selects no pods has no endpoints: everything applies, every request to it fails. A
 * named targetPort that the selected containers do not declare fails the same way.
 */
public final class ServiceSelectorMatchesNothingRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "service-selector-matches-nothing",
          Category.NETWORK,
          Action.WARN,
          List.of("Service"),
          "A Service whose selector matches no pod template in the bundle or the cluster, or whose named targetPort no matching container declares.",
          "Make the selector match the labels of the pod template (spec.template.metadata.labels), and name the container port the targetPort refers to.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    if (!ctx.group().isEmpty() || !"Service".equals(ctx.kind())) {
      return;
    }
    JsonNode spec = ctx.object().path("spec");
    if ("ExternalName".equals(JsonText.text(spec, "type"))) {
      return;
    }
    Map<String, String> selector = Workloads.labels(spec.path("selector"));
    if (selector.isEmpty()) {
      return; // endpoints managed by hand (or by another controller)
    }
    String ns = ctx.ref().namespace();
    List<Workload> matched = Workloads.matchingMap(ctx, ns, selector);
    if (matched.isEmpty()) {
      Workloads.matchedNothing(
          ctx,
          out,
          "spec.selector",
          "no pod template matches the selector " + Workloads.show(selector),
          ns,
          "the Service would have no endpoints: correct the selector or the pod template's labels");
      return;
    }
    JsonNode ports = spec.path("ports");
    for (int i = 0; ports.isArray() && i < ports.size(); i++) {
      JsonNode target = ports.get(i).path("targetPort");
      if (!target.isTextual() || target.textValue().isEmpty() || isNumber(target.textValue())) {
        continue;
      }
      String name = target.textValue();
      if (matched.stream().noneMatch(w -> w.declaresPort(name))) {
        out.add(
            FieldPaths.child(FieldPaths.index("spec.ports", i), "targetPort"),
            "no container of "
                + matched.get(0).describe()
                + (matched.size() > 1
                    ? " (or the other " + (matched.size() - 1) + " matching)"
                    : "")
                + " declares a port named \""
                + name
                + "\"; name the containerPort \""
                + name
                + "\" or use the port number.");
      }
    }
  }

  private static boolean isNumber(String s) {
    return s.chars().allMatch(Character::isDigit);
  }
}
