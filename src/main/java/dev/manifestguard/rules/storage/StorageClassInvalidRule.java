package dev.manifestguard.rules.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.JsonText;
import dev.manifestguard.rules.references.References;
import java.util.List;
import java.util.Set;

/**
 * A StorageClass the apiserver refuses: no provisioner, or a reclaim policy or binding mode it does
 * not know.
 */
public final class StorageClassInvalidRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "storage-class-invalid",
          Category.STORAGE,
          Action.DENY,
          List.of("StorageClass"),
          "A StorageClass with no provisioner, or an unknown reclaimPolicy or volumeBindingMode.",
          "Set provisioner to the CSI driver's name, reclaimPolicy to Delete or Retain, and volumeBindingMode to Immediate or WaitForFirstConsumer.");

  private static final Set<String> RECLAIM = Set.of("Delete", "Retain");
  private static final Set<String> BINDING = Set.of("Immediate", "WaitForFirstConsumer");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    if (!References.STORAGE.equals(ctx.group()) || !"StorageClass".equals(ctx.kind())) {
      return;
    }
    JsonNode sc = ctx.object();
    if (JsonText.text(sc, "provisioner").isBlank()) {
      out.add(
          "provisioner",
          "the StorageClass has no provisioner; set the CSI driver's name, or"
              + " kubernetes.io/no-provisioner for pre-created local volumes.");
    }
    JsonNode reclaim = sc.path("reclaimPolicy");
    if (!reclaim.isMissingNode() && !reclaim.isNull() && !RECLAIM.contains(reclaim.asText(""))) {
      out.add(
          "reclaimPolicy",
          "unknown reclaimPolicy \""
              + reclaim.asText("")
              + "\"; use Delete or Retain"
              + " (Recycle is not allowed for a StorageClass).");
    }
    JsonNode binding = sc.path("volumeBindingMode");
    if (!binding.isMissingNode() && !binding.isNull() && !BINDING.contains(binding.asText(""))) {
      out.add(
          "volumeBindingMode",
          "unknown volumeBindingMode \""
              + binding.asText("")
              + "\"; use Immediate or WaitForFirstConsumer.");
    }
  }
}
