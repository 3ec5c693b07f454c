package dev.manifestguard.rules.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.model.DidYouMean;
import dev.manifestguard.model.FieldPaths;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Walks one object once against its schema: the fabric8-derived shape of a built-in kind, or the
 * {@code openAPIV3Schema} of a CRD. Nulls are accepted everywhere (the apiserver's decoder reads
 * them as unset). {@code status} is not checked: the apiserver ignores it on create and update.
 */
final class SchemaWalker {
  /** Beyond this an object is so far off that more findings only bury the first ones. */
  static final int MAX_FINDINGS = 50;

  private final Findings out;
  private final boolean echo;
  private int reported;
  private boolean pruning = true;

  SchemaWalker(Findings out, boolean echo) {
    this.out = out;
    this.echo = echo;
  }

  // ---- built-in kinds
  // ---------------------------------------------------------------------------------------

  void builtIn(JsonNode object, Shape.Struct root) {
    struct(object, root, "", true);
  }

  private void walk(JsonNode v, Shape s, String path) {
    if (v == null || v.isNull() || v.isMissingNode() || s == Shape.Scalar.ANY) {
      return;
    }
    if (s instanceof Shape.Struct st) {
      if (v.isObject()) {
        struct(v, st, path, false);
      } else {
        wrongType(path, v, s);
      }
    } else if (s instanceof Shape.ListOf l) {
      if (!v.isArray()) {
        wrongType(path, v, s);
        return;
      }
      for (int i = 0; i < v.size(); i++) {
        walk(v.get(i), l.item(), FieldPaths.index(path, i));
      }
    } else if (s instanceof Shape.MapOf m) {
      if (!v.isObject()) {
        wrongType(path, v, s);
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        walk(e.getValue(), m.value(), FieldPaths.child(path, e.getKey()));
      }
    } else {
      scalar(v, (Shape.Scalar) s, path);
    }
  }

  private void struct(JsonNode v, Shape.Struct st, String path, boolean root) {
    Shape.Struct.Fields fields = st.fields();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (root && key.equals("status")) {
        continue;
      }
      Shape fs = fields.byName().get(key);
      String child = FieldPaths.child(path, key);
      if (fs == null) {
        unknownField(child, key, fields.names());
      } else {
        walk(e.getValue(), fs, child);
      }
    }
    for (String name : fields.required()) {
      if (absent(v.get(name))) {
        missing(path, name);
      }
    }
  }

  private void scalar(JsonNode v, Shape.Scalar s, String path) {
    boolean ok =
        switch (s) {
          case STRING -> v.isTextual();
          case INT32 -> ValueTypes.isInteger(v) && ValueTypes.fitsInt32(v);
          case INT64 -> ValueTypes.isInteger(v) && v.canConvertToLong();
          case NUMBER -> v.isNumber();
          case BOOLEAN -> v.isBoolean();
          case INT_OR_STRING ->
              v.isTextual() || (ValueTypes.isInteger(v) && ValueTypes.fitsInt32(v));
          case QUANTITY -> v.isTextual() || v.isNumber();
          case ANY -> true;
        };
    if (ok) {
      return;
    }
    if (ValueTypes.isInteger(v)
        && (s == Shape.Scalar.INT32
            || s == Shape.Scalar.INT_OR_STRING
            || s == Shape.Scalar.INT64)) {
      report(
          path,
          (echo ? v.bigIntegerValue() + " is" : "the number is")
              + " out of range for "
              + (s == Shape.Scalar.INT64 ? "a 64-bit" : "a 32-bit")
              + " integer; use a smaller number.");
      return;
    }
    wrongType(path, v, s);
  }

  // ---- CRD schemas (structural openAPIV3Schema)
  // -------------------------------------------------------------

  /**
   * @param pruning false for CRDs that keep unknown fields everywhere ({@code
   *     preserveUnknownFields: true}, the apiextensions.k8s.io/v1beta1 default): then no field is
   *     unknown
   */
  void custom(JsonNode object, JsonNode schema, boolean pruning) {
    if (!schema.isObject()) {
      return;
    }
    this.pruning = pruning;
    JsonNode props = schema.path("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (key.equals("status") || key.equals("apiVersion") || key.equals("kind")) {
        continue;
      }
      if (key.equals("metadata")) {
        walk(e.getValue(), BuiltInSchemas.struct(ObjectMeta.class), "metadata");
        continue;
      }
      JsonNode sub = props.get(key);
      if (sub != null) {
        schema(e.getValue(), sub, key);
      } else if (!openObject(schema)) {
        unknownField(key, key, names(props, true));
      } else if (schema.path("additionalProperties").isObject()) {
        schema(e.getValue(), schema.get("additionalProperties"), key);
      }
    }
    required(object, schema, "");
  }

  private void schema(JsonNode v, JsonNode schema, String path) {
    if (v == null || v.isNull() || !schema.isObject()) {
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!(v.isTextual() || ValueTypes.isInteger(v))) {
        wrongType(path, v, Shape.Scalar.INT_OR_STRING);
      }
      return;
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "object" -> {
        if (!v.isObject()) {
          wrongType(path, v, new Shape.MapOf(Shape.Scalar.ANY));
          return;
        }
        objectValue(v, schema, path);
      }
      case "array" -> {
        if (!v.isArray()) {
          wrongType(path, v, new Shape.ListOf(Shape.Scalar.ANY));
          return;
        }
        JsonNode items = schema.get("items");
        if (items != null && items.isObject()) {
          for (int i = 0; i < v.size(); i++) {
            schema(v.get(i), items, FieldPaths.index(path, i));
          }
        }
      }
      case "string" -> {
        if (!v.isTextual()) {
          wrongType(path, v, Shape.Scalar.STRING);
        }
      }
      case "integer" -> {
        if (!ValueTypes.isInteger(v)) {
          wrongType(path, v, Shape.Scalar.INT64);
        }
      }
      case "number" -> {
        if (!v.isNumber()) {
          wrongType(path, v, Shape.Scalar.NUMBER);
        }
      }
      case "boolean" -> {
        if (!v.isBoolean()) {
          wrongType(path, v, Shape.Scalar.BOOLEAN);
        }
      }
      default -> {
        // No type: only x-kubernetes-preserve-unknown-fields or an embedded resource may omit it;
        // anything goes.
        if (v.isObject() && schema.has("properties")) {
          objectValue(v, schema, path);
        }
      }
    }
  }

  private void objectValue(JsonNode v, JsonNode schema, String path) {
    JsonNode props = schema.path("properties");
    boolean embedded = schema.path("x-kubernetes-embedded-resource").asBoolean(false);
    JsonNode additional = schema.get("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      String child = FieldPaths.child(path, key);
      JsonNode sub = props.get(key);
      if (sub != null) {
        schema(e.getValue(), sub, child);
      } else if (additional != null && additional.isObject()) {
        schema(e.getValue(), additional, child);
      } else if (embedded
          && (key.equals("apiVersion") || key.equals("kind") || key.equals("metadata"))) {
        continue;
      } else if (!openObject(schema)) {
        unknownField(child, key, names(props, embedded));
      }
    }
    required(v, schema, path);
  }

  /** An object whose unlisted fields are kept rather than pruned. */
  private boolean openObject(JsonNode schema) {
    if (!pruning || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return true;
    }
    JsonNode additional = schema.get("additionalProperties");
    return additional != null && (additional.isObject() || additional.asBoolean(false));
  }

  private void required(JsonNode v, JsonNode schema, String path) {
    JsonNode req = schema.path("required");
    for (JsonNode r : req) {
      if (r.isTextual() && absent(v.get(r.textValue()))) {
        missing(path, r.textValue());
      }
    }
  }

  private static List<String> names(JsonNode props, boolean withTypeMeta) {
    List<String> out = new ArrayList<>();
    props.fieldNames().forEachRemaining(out::add);
    if (withTypeMeta) {
      out.add("apiVersion");
      out.add("kind");
      out.add("metadata");
    }
    return out;
  }

  // ---- findings
  // ---------------------------------------------------------------------------------------------

  private static boolean absent(JsonNode v) {
    return v == null || v.isNull() || (v.isTextual() && v.textValue().isEmpty());
  }

  private void wrongType(String path, JsonNode v, Shape expected) {
    report(
        path,
        "expected "
            + ValueTypes.expected(expected)
            + " but found "
            + ValueTypes.describe(v, echo)
            + "; "
            + ValueTypes.advice(v, expected, echo));
  }

  private void unknownField(String path, String key, List<String> known) {
    String suggestion = DidYouMean.closest(key, known);
    report(
        path,
        suggestion != null
            ? "unknown field \"" + key + "\"; did you mean \"" + suggestion + "\"?"
            : "unknown field \""
                + key
                + "\"; remove it or fix its name (kubectl explain lists the fields).");
  }

  private void missing(String path, String name) {
    report(path, "missing required field \"" + name + "\"; add it.");
  }

  void report(String path, String message) {
    if (reported++ < MAX_FINDINGS) {
      out.add(path, message);
    }
  }
}
