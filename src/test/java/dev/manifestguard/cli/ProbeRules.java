package dev.manifestguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.cluster.ClusterState.Presence;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.engine.RuleRegistry;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.PodSpecs.ContainerRef;
import dev.manifestguard.rules.schema.ManifestUnparseableRule;
import java.util.List;

/**
 * Small rules with predictable findings, so the CLI's plumbing (locations, namespaces, actions,
 * cluster state) is tested independently of what the real rules find.
 */
final class ProbeRules {
  private ProbeRules() {}

  static RuleRegistry registry() {
    return new RuleRegistry(
        List.of(new ManifestUnparseableRule(), new Image(), new Annotation(), new Reference()));
  }

  /** Deny: a container image containing "bad". */
  static final class Image implements Rule {
    static final RuleMeta META =
        RuleMeta.of(
            "cli-probe-image",
            Category.SECURITY,
            Action.DENY,
            List.of("Pod"),
            "A container image named bad.",
            "Use a good image.");

    @Override
    public RuleMeta meta() {
      return META;
    }

    @Override
    public void check(RuleContext ctx, Findings out) {
      for (ContainerRef c : ctx.containers()) {
        JsonNode image = c.container().path("image");
        if (image.isTextual() && image.textValue().contains("bad")) {
          out.add(
              FieldPaths.child(c.path(), "image"),
              "\"" + image.textValue() + "\" is bad; use a good image.");
        }
      }
    }
  }

  /** Warn: an annotation {@code probe/bad}. */
  static final class Annotation implements Rule {
    static final RuleMeta META =
        RuleMeta.of(
            "cli-probe-annotation",
            Category.RELIABILITY,
            Action.WARN,
            List.of("*"),
            "An annotation probe/bad | with a pipe.",
            "Remove the annotation.");

    @Override
    public RuleMeta meta() {
      return META;
    }

    @Override
    public void check(RuleContext ctx, Findings out) {
      if (ctx.object().path("metadata").path("annotations").has("probe/bad")) {
        out.add(
            FieldPaths.child(FieldPaths.child("metadata", "annotations"), "probe/bad"),
            "the probe annotation is set; remove it.");
      }
    }
  }

  /** Deny (reference): annotation {@code probe/configmap} names a ConfigMap that does not exist. */
  static final class Reference implements Rule {
    static final RuleMeta META =
        RuleMeta.reference(
            "cli-probe-reference",
            Category.STORAGE,
            Action.DENY,
            List.of("*"),
            "A ConfigMap named by probe/configmap that does not exist.",
            "Create the ConfigMap.");

    @Override
    public RuleMeta meta() {
      return META;
    }

    @Override
    public void check(RuleContext ctx, Findings out) {
      JsonNode name = ctx.object().path("metadata").path("annotations").path("probe/configmap");
      if (name.isTextual()
          && ctx.cluster().presence("", "ConfigMap", ctx.ref().namespace(), name.textValue())
              == Presence.ABSENT) {
        out.add(
            FieldPaths.child(FieldPaths.child("metadata", "annotations"), "probe/configmap"),
            "ConfigMap \"" + name.textValue() + "\" does not exist; create it.");
      }
    }
  }
}
