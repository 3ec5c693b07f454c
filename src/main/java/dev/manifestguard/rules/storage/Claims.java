package dev.manifestguard.rules.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.PodSpecs.PodSpecRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Every claim spec of an object: a PVC, StatefulSet volumeClaimTemplates, generic ephemeral
 * volumes.
 */
final class Claims {
  private Claims() {}

  /**
   * The kinds a rule about claims lists in its metadata ({@code *}: generic ephemeral volumes of
   * any pod spec).
   */
  static final List<String> KINDS = List.of("PersistentVolumeClaim", "StatefulSet", "Pod", "*");

  /** A PersistentVolumeClaim spec and its field path. */
  record ClaimSpec(String path, JsonNode spec) {}

  static List<ClaimSpec> find(RuleContext ctx) {
    List<ClaimSpec> out = new ArrayList<>();
    JsonNode obj = ctx.object();
    if ("".equals(ctx.group()) && "PersistentVolumeClaim".equals(ctx.kind())) {
      if (obj.path("spec").isObject()) {
        out.add(new ClaimSpec("spec", obj.path("spec")));
      }
      return out;
    }
    if ("apps".equals(ctx.group()) && "StatefulSet".equals(ctx.kind())) {
      JsonNode templates = obj.path("spec").path("volumeClaimTemplates");
      if (templates.isArray()) {
        for (int i = 0; i < templates.size(); i++) {
          JsonNode spec = templates.get(i).path("spec");
          if (spec.isObject()) {
            out.add(
                new ClaimSpec(
                    FieldPaths.child(
                        FieldPaths.index(FieldPaths.descend("", "spec.volumeClaimTemplates"), i),
                        "spec"),
                    spec));
          }
        }
      }
    }
    for (PodSpecRef pod : ctx.podSpecs()) {
      JsonNode volumes = pod.spec().path("volumes");
      if (!volumes.isArray()) {
        continue;
      }
      for (int i = 0; i < volumes.size(); i++) {
        JsonNode spec = volumes.get(i).path("ephemeral").path("volumeClaimTemplate").path("spec");
        if (spec.isObject()) {
          String volumePath = FieldPaths.index(FieldPaths.child(pod.path(), "volumes"), i);
          out.add(
              new ClaimSpec(
                  FieldPaths.descend(volumePath, "ephemeral.volumeClaimTemplate.spec"), spec));
        }
      }
    }
    return out;
  }
}
