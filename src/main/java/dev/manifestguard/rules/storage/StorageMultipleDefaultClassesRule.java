package dev.manifestguard.rules.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.JsonText;
import dev.manifestguard.rules.references.References;
import java.util.List;
import java.util.TreeSet;

/** Two default StorageClasses: claims without a class silently get whichever was created last. */
public final class StorageMultipleDefaultClassesRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.reference(
          "storage-multiple-default-classes",
          Category.STORAGE,
          Action.WARN,
          List.of("StorageClass"),
          "A StorageClass marked default while another default StorageClass exists.",
          "Keep the default annotation on one StorageClass only.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    if (!References.STORAGE.equals(ctx.group())
        || !"StorageClass".equals(ctx.kind())
        || !References.isDefaultClass(ctx.object())) {
      return;
    }
    String self = ctx.ref().name();
    TreeSet<String> others = new TreeSet<>();
    for (JsonNode sc : ctx.cluster().list(References.STORAGE, "StorageClass", null)) {
      String name = sc.path("metadata").path("name").asText("");
      if (!name.equals(self) && References.isDefaultClass(sc)) {
        others.add(name);
      }
    }
    if (others.isEmpty()) {
      return;
    }
    String key =
        "true"
                .equals(
                    JsonText.text(
                        ctx.object().path("metadata").path("annotations"),
                        References.DEFAULT_CLASS_ANNOTATION))
            ? References.DEFAULT_CLASS_ANNOTATION
            : References.DEFAULT_CLASS_ANNOTATION_BETA;
    out.add(
        FieldPaths.child("metadata.annotations", key),
        "StorageClass "
            + quoteAll(others)
            + (others.size() == 1 ? " is" : " are")
            + " already marked default;"
            + " with several defaults, claims without a class get the newest one: keep one default.");
  }

  private static String quoteAll(TreeSet<String> names) {
    StringBuilder b = new StringBuilder();
    for (String n : names) {
      b.append(b.length() == 0 ? "" : ", ").append('"').append(n).append('"');
    }
    return b.toString();
  }
}
