package dev.manifestguard.rules.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Review.Mode;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.Kinds;
import java.util.List;

/**
 * A field of the wrong type, an unknown field or a missing required field, in a built-in kind
 * (schema from the fabric8 model classes) or in a custom resource whose CRD is among the inputs or
 * in the cluster (its openAPIV3Schema). CLI only: in admission the apiserver has already decoded
 * and validated the object against its own schema, which is the authority for its version; a second
 * opinion from another version's schema could only add false denies (a field newer than our model).
 */
public final class SchemaInvalidRule implements Rule {
  public static final String ID = "schema-invalid";

  private static final RuleMeta META =
      RuleMeta.of(
          ID,
          Category.SCHEMA,
          Action.DENY,
          List.of("*"),
          "A built-in kind (or a custom resource with its CRD at hand) with a field of the wrong type, an unknown field "
              + "or a missing required field.",
          "Fix the field as the message says: quote or unquote the value, correct the field name, or add the missing "
              + "field; kubectl explain <kind>.<path> shows the expected fields and types.");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    JsonNode object = ctx.object();
    if (ctx.mode() != Mode.OFFLINE || !object.isObject()) {
      return;
    }
    JsonNode apiVersionNode = object.get("apiVersion");
    JsonNode kindNode = object.get("kind");
    if (blank(apiVersionNode) && blank(kindNode)) {
      out.add(
          "",
          "missing required fields \"apiVersion\" and \"kind\"; this is not a Kubernetes object as it "
              + "stands: add both (for example apiVersion: apps/v1, kind: Deployment).");
      return;
    }
    String apiVersion = typeMeta(apiVersionNode, "apiVersion", out);
    String kind = typeMeta(kindNode, "kind", out);
    if (apiVersion == null || kind == null) {
      return;
    }
    SchemaWalker walker = new SchemaWalker(out, !kind.equals("Secret"));
    String group = Kinds.groupOf(apiVersion);
    if (Kinds.isBuiltInGroup(apiVersion)) {
      Shape.Struct root = BuiltInSchemas.forKind(apiVersion, kind);
      if (root != null) {
        walker.builtIn(object, root);
        requireName(object, walker);
      }
      return;
    }
    if (CustomKinds.isConfigGroup(group)) {
      return;
    }
    JsonNode crd = CustomKinds.find(ctx, group, kind);
    if (crd == null) {
      return;
    }
    JsonNode schema = CustomKinds.schema(crd, CustomKinds.versionOf(apiVersion));
    if (schema != null) {
      walker.custom(object, schema, CustomKinds.pruning(crd));
    }
    requireName(object, walker);
  }

  private static boolean blank(JsonNode v) {
    return v == null || v.isNull() || (v.isTextual() && v.textValue().isBlank());
  }

  /** apiVersion or kind as text, or null after reporting it missing or mistyped. */
  private static String typeMeta(JsonNode v, String field, Findings out) {
    if (blank(v)) {
      out.add(
          "",
          "missing required field \""
              + field
              + "\"; every object needs apiVersion and kind "
              + "(for example apiVersion: apps/v1, kind: Deployment).");
      return null;
    }
    if (!v.isTextual()) {
      out.add(
          field,
          "expected a string but found "
              + ValueTypes.describe(v, true)
              + "; write the "
              + field
              + " as text.");
      return null;
    }
    return v.textValue();
  }

  private static void requireName(JsonNode object, SchemaWalker walker) {
    JsonNode meta = object.get("metadata");
    if (meta != null
        && meta.isObject()
        && (meta.path("name").isTextual() && !meta.path("name").textValue().isEmpty()
            || meta.path("generateName").isTextual()
                && !meta.path("generateName").textValue().isEmpty())) {
      return;
    }
    if (meta != null && meta.isObject()) {
      walker.report("metadata", "missing required field \"name\"; add it (or generateName).");
    } else if (meta == null || meta.isNull()) {
      walker.report("", "missing required field \"metadata\"; add metadata with a name.");
    }
  }
}
