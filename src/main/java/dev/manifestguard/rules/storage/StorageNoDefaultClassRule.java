package dev.manifestguard.rules.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.rules.references.References;
import java.util.List;

/**
 * A claim that relies on the default StorageClass in a cluster that has none stays Pending. Without
 * a cluster the CLI only speaks when its inputs describe StorageClasses at all: a bundle of
 * workloads says nothing about storage.
 */
public final class StorageNoDefaultClassRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "storage-no-default-class",
          Category.STORAGE,
          Action.DENY,
          Claims.KINDS,
          "A claim with no storageClassName, volumeName or selector, in a cluster without a default StorageClass.",
          "Set storageClassName, or mark one StorageClass default with storageclass.kubernetes.io/is-default-class.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    List<Claims.ClaimSpec> claims = Claims.find(ctx);
    if (claims.isEmpty()) {
      return;
    }
    List<JsonNode> classes = null;
    for (Claims.ClaimSpec claim : claims) {
      JsonNode spec = claim.spec();
      if (spec.hasNonNull("storageClassName")
          || spec.hasNonNull("volumeName")
          || spec.hasNonNull("selector")) {
        continue;
      }
      if (classes == null) {
        classes = ctx.cluster().list(References.STORAGE, "StorageClass", null);
      }
      if (classes.stream().anyMatch(References::isDefaultClass)) {
        return;
      }
      if (!ctx.cluster().isKnown() && classes.isEmpty()) {
        return;
      }
      References.absentFromList(
          ctx,
          out,
          claim.path(),
          "no StorageClass is marked default, so this claim without storageClassName would stay Pending; set"
              + " storageClassName or mark a class default.",
          "none of the StorageClasses among the checked manifests is marked default, so this claim without"
              + " storageClassName would stay Pending; set storageClassName or mark a class default.");
    }
  }
}
