package dev.manifestguard.rules.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.cluster.ClusterState.Presence;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.JsonText;
import dev.manifestguard.model.Kinds;
import dev.manifestguard.rules.references.References;
import dev.manifestguard.rules.references.Workloads;
import dev.manifestguard.rules.references.Workloads.Workload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A HorizontalPodAutoscaler that cannot scale: its scaleTargetRef does not exist, or it scales on a
 * resource's utilization while a container of the target requests none of it (the HPA then reports
 * FailedGetResourceMetric and never scales).
 */
public final class HpaTargetMissingRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "hpa-target-missing",
          Category.RELIABILITY,
          Action.WARN,
          List.of("HorizontalPodAutoscaler"),
          "A HorizontalPodAutoscaler whose scaleTargetRef does not exist, or whose target's containers lack a request for the resource its utilization metric uses.",
          "Correct scaleTargetRef (apiVersion, kind, name), and give every container of the target a request for the metric's resource.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    if (!"autoscaling".equals(ctx.group()) || !"HorizontalPodAutoscaler".equals(ctx.kind())) {
      return;
    }
    JsonNode spec = ctx.object().path("spec");
    JsonNode ref = spec.path("scaleTargetRef");
    String kind = JsonText.text(ref, "kind");
    String name = JsonText.text(ref, "name");
    String group = Kinds.groupOf(JsonText.text(ref, "apiVersion"));
    if (kind.isEmpty() || name.isEmpty() || !Workloads.known(group, kind)) {
      return; // a custom scalable kind (Argo Rollout...): whether it exists is not knowable here
    }
    String ns = ctx.ref().namespace();
    Presence p =
        References.require(
            ctx,
            out,
            "spec.scaleTargetRef.name",
            group,
            kind,
            ns,
            name,
            "create it or correct scaleTargetRef");
    if (p != Presence.PRESENT) {
      return;
    }
    Workload target = Workloads.find(ctx, group, kind, ns, name);
    if (target == null) {
      return; // confirmed by a live GET only: its containers are not known here
    }
    for (Map.Entry<String, String> need : utilizationResources(ctx, spec).entrySet()) {
      String resource = need.getKey();
      if (defaultedByLimitRange(ctx, ns, resource)) {
        continue;
      }
      for (JsonNode c : target.containers()) {
        JsonNode r = c.path("resources");
        if (r.path("requests").has(resource) || r.path("limits").has(resource)) {
          continue;
        }
        out.add(
            need.getValue(),
            "container \""
                + JsonText.text(c, "name")
                + "\" of "
                + target.describe()
                + " has no "
                + resource
                + " request, so the autoscaler cannot compute "
                + resource
                + " utilization; set resources.requests."
                + resource
                + ".");
      }
    }
  }

  /**
   * The resources scaled on by utilization (a percentage of the request), each with the path of the
   * metric that names it. An autoscaling/v1 HPA, or a v2 one without metrics, scales on CPU.
   */
  private static Map<String, String> utilizationResources(RuleContext ctx, JsonNode spec) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode metrics = spec.path("metrics");
    if ("autoscaling/v1".equals(ctx.ref().apiVersion())) {
      out.put(
          "cpu",
          spec.has("targetCPUUtilizationPercentage")
              ? "spec.targetCPUUtilizationPercentage"
              : "spec");
      return out;
    }
    if (!metrics.isArray() || metrics.isEmpty()) {
      out.put("cpu", "spec"); // the default metric: 80% average CPU utilization
      return out;
    }
    for (int i = 0; i < metrics.size(); i++) {
      JsonNode m = metrics.get(i);
      String type = JsonText.text(m, "type");
      String field =
          switch (type) {
            case "Resource" -> "resource";
            case "ContainerResource" -> "containerResource";
            default -> null;
          };
      if (field == null) {
        continue;
      }
      JsonNode source = m.path(field);
      boolean utilization =
          "Utilization".equals(JsonText.text(source.path("target"), "type"))
              || source.has("targetAverageUtilization");
      String resource = JsonText.text(source, "name");
      if (utilization && !resource.isEmpty()) {
        out.putIfAbsent(
            resource,
            FieldPaths.child(FieldPaths.child(FieldPaths.index("spec.metrics", i), field), "name"));
      }
    }
    return out;
  }

  /** Whether a LimitRange of the namespace gives containers a default request or limit for it. */
  private static boolean defaultedByLimitRange(RuleContext ctx, String ns, String resource) {
    for (JsonNode lr : ctx.cluster().list("", "LimitRange", ns)) {
      for (JsonNode item : lr.path("spec").path("limits")) {
        if ("Container".equals(JsonText.text(item, "type"))
            && (item.path("defaultRequest").has(resource) || item.path("default").has(resource))) {
          return true;
        }
      }
    }
    return false;
  }
}
