package dev.manifestguard.rules.schema;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The expected shape of one value of a built-in object, as the Kubernetes API types define it. */
sealed interface Shape permits Shape.Scalar, Shape.ListOf, Shape.MapOf, Shape.Struct {

  /**
   * Leaf values. {@code ANY} is free-form (embedded objects, RawExtension, JSON schemas): never
   * checked.
   */
  enum Scalar implements Shape {
    STRING("a string"),
    INT32("an integer"),
    INT64("an integer"),
    NUMBER("a number"),
    BOOLEAN("a boolean (true or false)"),
    INT_OR_STRING("an integer or a string"),
    QUANTITY("a quantity (a string such as 500m or 1Gi, or a number)"),
    ANY("anything");

    final String expected;

    Scalar(String expected) {
      this.expected = expected;
    }
  }

  record ListOf(Shape item) implements Shape {}

  record MapOf(Shape value) implements Shape {}

  /**
   * An object with known fields. Its fields are resolved on first use (types refer to each other,
   * some recursively), then kept for the life of the process.
   */
  final class Struct implements Shape {
    /** The fabric8 model class's name. */
    final String type;

    private volatile Fields fields;

    Struct(String type) {
      this.type = type;
    }

    record Fields(Map<String, Shape> byName, List<String> names, Set<String> required) {}

    Fields fields() {
      Fields f = fields;
      if (f == null) {
        f = BuiltInSchemas.resolve(type);
        fields = f;
      }
      return f;
    }
  }
}
