package dev.manifestguard.rules.references;

import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.PodSpecs;

/**
 * A required ConfigMap that does not exist keeps the pod in ContainerCreating (or
 * CreateContainerConfigError).
 */
public final class ReferenceConfigmapMissingRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "reference-configmap-missing",
          Category.STORAGE,
          Action.WARN,
          PodSpecs.POD_KINDS,
          "A non-optional ConfigMap referenced by a volume, projected volume, envFrom or valueFrom does not exist.",
          "Create the ConfigMap before the workload, correct the name, or mark the reference optional: true.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    PodReferences.requireAll(ctx, out, false);
  }
}
