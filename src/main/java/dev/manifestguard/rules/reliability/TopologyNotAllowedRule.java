package dev.manifestguard.rules.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.PodSpecs;
import dev.manifestguard.model.PodSpecs.PodSpecRef;
import java.util.List;
import java.util.Map;

/**
 * A pod spec (or PersistentVolume) pinned by nodeSelector or node affinity to a region or zone
 * outside the policy's {@code settings.allowedTopology}. An empty list for a dimension means that
 * dimension is not restricted. Only positive selections ({@code In}, a nodeSelector value) are
 * judged: {@code NotIn} and {@code Exists} never pin a workload somewhere.
 */
public final class TopologyNotAllowedRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "topology-not-allowed",
          Category.RELIABILITY,
          Action.OFF,
          PodSpecs.podKindsAnd("PersistentVolume"),
          "A nodeSelector or node affinity on topology.kubernetes.io/region or zone to a value outside the policy's "
              + "allowed list (settings.allowedTopology).",
          "Select only the regions and zones the policy allows, or ask for the policy's allowedTopology to be extended.");

  private static final Map<String, String> KEYS =
      Map.of(
          "topology.kubernetes.io/region", "region",
          "topology.kubernetes.io/zone", "zone",
          "failure-domain.beta.kubernetes.io/region", "region",
          "failure-domain.beta.kubernetes.io/zone", "zone");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    Policy.AllowedTopology allowed = ctx.settings().allowedTopology();
    if (allowed.regions().isEmpty() && allowed.zones().isEmpty()) {
      return;
    }
    for (PodSpecRef pod : ctx.podSpecs()) {
      JsonNode selector = pod.spec().path("nodeSelector");
      String selPath = FieldPaths.child(pod.path(), "nodeSelector");
      for (var it = selector.fields(); it.hasNext(); ) {
        var e = it.next();
        if (KEYS.containsKey(e.getKey()) && e.getValue().isTextual()) {
          judge(
              allowed,
              KEYS.get(e.getKey()),
              e.getValue().textValue(),
              FieldPaths.child(selPath, e.getKey()),
              out);
        }
      }
      JsonNode na = pod.spec().path("affinity").path("nodeAffinity");
      String naPath = FieldPaths.child(FieldPaths.child(pod.path(), "affinity"), "nodeAffinity");
      String req = FieldPaths.child(naPath, "requiredDuringSchedulingIgnoredDuringExecution");
      terms(
          allowed,
          na.path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms"),
          FieldPaths.child(req, "nodeSelectorTerms"),
          out);
      JsonNode preferred = na.path("preferredDuringSchedulingIgnoredDuringExecution");
      String prefPath = FieldPaths.child(naPath, "preferredDuringSchedulingIgnoredDuringExecution");
      for (int i = 0; i < preferred.size(); i++) {
        String p = FieldPaths.child(FieldPaths.index(prefPath, i), "preference");
        expressions(allowed, preferred.path(i).path("preference"), p, out);
      }
    }
    if (ctx.kind().equals("PersistentVolume") && ctx.group().isEmpty()) {
      terms(
          allowed,
          ctx.object().path("spec").path("nodeAffinity").path("required").path("nodeSelectorTerms"),
          "spec.nodeAffinity.required.nodeSelectorTerms",
          out);
    }
  }

  private static void terms(
      Policy.AllowedTopology allowed, JsonNode terms, String path, Findings out) {
    for (int i = 0; i < terms.size(); i++) {
      expressions(allowed, terms.path(i), FieldPaths.index(path, i), out);
    }
  }

  private static void expressions(
      Policy.AllowedTopology allowed, JsonNode term, String path, Findings out) {
    JsonNode exprs = term.path("matchExpressions");
    for (int j = 0; j < exprs.size(); j++) {
      JsonNode ex = exprs.path(j);
      String dimension = ex.path("key").isTextual() ? KEYS.get(ex.path("key").textValue()) : null;
      if (dimension == null || !"In".equals(ex.path("operator").asText())) {
        continue;
      }
      JsonNode values = ex.path("values");
      String valuesPath =
          FieldPaths.child(
              FieldPaths.index(FieldPaths.child(path, "matchExpressions"), j), "values");
      for (int k = 0; k < values.size(); k++) {
        if (values.path(k).isTextual()) {
          judge(
              allowed, dimension, values.path(k).textValue(), FieldPaths.index(valuesPath, k), out);
        }
      }
    }
  }

  private static void judge(
      Policy.AllowedTopology allowed, String dimension, String value, String path, Findings out) {
    List<String> list = dimension.equals("region") ? allowed.regions() : allowed.zones();
    if (!list.isEmpty() && !Policy.Globs.anyMatch(list, value)) {
      out.add(
          path,
          dimension
              + " "
              + value
              + " is not among the policy's allowed "
              + dimension
              + "s ("
              + String.join(", ", list)
              + "); select an allowed "
              + dimension
              + ".");
    }
  }
}
