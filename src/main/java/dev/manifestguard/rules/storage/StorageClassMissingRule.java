package dev.manifestguard.rules.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.rules.references.References;

/** A claim naming a StorageClass that does not exist stays Pending forever. */
public final class StorageClassMissingRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "storage-class-missing",
          Category.STORAGE,
          Action.DENY,
          Claims.KINDS,
          "A PVC, volumeClaimTemplate or generic ephemeral volume names a StorageClass that does not exist.",
          "Create the StorageClass, correct storageClassName, or leave it out to use the default class.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (Claims.ClaimSpec claim : Claims.find(ctx)) {
      JsonNode name = claim.spec().path("storageClassName");
      if (!name.isTextual() || name.textValue().isEmpty()) {
        continue; // "" asks for no class at all
      }
      References.require(
          ctx,
          out,
          FieldPaths.child(claim.path(), "storageClassName"),
          References.STORAGE,
          "StorageClass",
          "",
          name.textValue(),
          "create it or correct storageClassName");
    }
  }
}
