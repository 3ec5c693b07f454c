package dev.manifestguard.rules.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.Quantity;
import dev.manifestguard.model.ResourceBlocks;
import java.util.Optional;
import java.util.Set;

/**
 * A claim the apiserver refuses: no access modes, an unknown one, or no positive storage request.
 * For a StatefulSet's volumeClaimTemplates the refusal only comes when the controller creates the
 * PVC.
 */
public final class StorageClaimInvalidRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "storage-claim-invalid",
          Category.STORAGE,
          Action.DENY,
          Claims.KINDS,
          "A claim without accessModes, with an unknown access mode, or without a positive resources.requests.storage.",
          "Set accessModes (ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod) and a storage request such as 10Gi.");

  private static final Set<String> MODES =
      Set.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod");
  private static final String MODE_LIST =
      "ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod";

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (Claims.ClaimSpec claim : Claims.find(ctx)) {
      JsonNode spec = claim.spec();
      String modesPath = FieldPaths.child(claim.path(), "accessModes");
      JsonNode modes = spec.path("accessModes");
      if (!modes.isArray() || modes.isEmpty()) {
        out.add(modesPath, "the claim has no accessModes; set one such as ReadWriteOnce.");
      } else {
        for (int i = 0; i < modes.size(); i++) {
          String mode = modes.get(i).asText("");
          if (!MODES.contains(mode)) {
            out.add(
                FieldPaths.index(modesPath, i),
                "unknown access mode \"" + mode + "\"; use " + MODE_LIST + ".");
          }
        }
      }
      String storagePath = FieldPaths.descend(claim.path(), "resources.requests.storage");
      JsonNode storage = spec.path("resources").path("requests").path("storage");
      if (storage.isMissingNode() || storage.isNull()) {
        out.add(
            storagePath,
            "the claim requests no storage size; set resources.requests.storage such as 10Gi.");
      } else if (storage.isTextual() || storage.isNumber()) {
        Optional<Quantity> q = Quantity.tryParse(ResourceBlocks.quantityText(storage));
        // A malformed or negative quantity is resource-quantity-invalid's or -negative's finding.
        if (q.isPresent() && q.get().value().signum() == 0) {
          out.add(storagePath, "the storage request is zero; set a positive size such as 10Gi.");
        }
      }
    }
  }
}
