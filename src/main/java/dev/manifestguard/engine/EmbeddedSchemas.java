package dev.manifestguard.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compiles the JSON Schema files that {@code settings.embeddedSchemas} binds to ConfigMap keys.
 * Draft 2020-12 unless the schema names another dialect in {@code $schema}; the file may be JSON or
 * YAML.
 */
final class EmbeddedSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private EmbeddedSchemas() {}

  static Schema compile(Path file, String at) throws PolicyException {
    JsonNode tree;
    try {
      String name = file.getFileName().toString();
      String text = Files.readString(file);
      tree =
          name.endsWith(".yaml") || name.endsWith(".yml")
              ? YAML.readTree(text)
              : JSON.readTree(text);
    } catch (IOException e) {
      throw new PolicyException(
          at
              + ".schema: cannot read "
              + file
              + ": "
              + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
    if (tree == null || !(tree.isObject() || tree.isBoolean())) {
      throw new PolicyException(at + ".schema: " + file + " is not a JSON Schema (not an object)");
    }
    try {
      SchemaRegistry registry =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
      Schema schema = registry.getSchema(SchemaLocation.of(file.toUri().toString()), tree);
      // Validators are built on first use: one validation now surfaces a broken schema here.
      schema.validate(NullNode.getInstance());
      return schema;
    } catch (RuntimeException e) {
      throw new PolicyException(
          at + ".schema: " + file + " is not a valid JSON Schema: " + e.getMessage(), e);
    }
  }
}
