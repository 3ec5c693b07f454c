package dev.manifestguard.rules.references;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.PodSpecs;
import dev.manifestguard.model.PodSpecs.PodSpecRef;

/** A pod volume naming a PVC that does not exist: the pod stays Pending. */
public final class ReferencePvcMissingRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "reference-pvc-missing",
          Category.STORAGE,
          Action.DENY,
          PodSpecs.POD_KINDS,
          "A pod spec volume's persistentVolumeClaim.claimName names a PVC that does not exist in the namespace.",
          "Create the PersistentVolumeClaim first, or correct claimName.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (PodSpecRef pod : ctx.podSpecs()) {
      JsonNode volumes = pod.spec().path("volumes");
      for (int i = 0; volumes.isArray() && i < volumes.size(); i++) {
        JsonNode claim = volumes.get(i).path("persistentVolumeClaim").path("claimName");
        if (!claim.isTextual() || claim.textValue().isEmpty()) {
          continue;
        }
        String path =
            FieldPaths.descend(
                FieldPaths.index(FieldPaths.child(pod.path(), "volumes"), i),
                "persistentVolumeClaim.claimName");
        References.require(
            ctx,
            out,
            path,
            "",
            "PersistentVolumeClaim",
            ctx.ref().namespace(),
            claim.textValue(),
            "create it or correct claimName");
      }
    }
  }
}
