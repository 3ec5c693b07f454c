package dev.manifestguard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code settings.embeddedSchemas}: schema files are read relative to the policy and compiled. */
class EmbeddedSchemasPolicyTest {
  private static final PolicyParser PARSER = new PolicyParser(Set.of("configmap-embedded-invalid"));

  @TempDir Path dir;

  @Test
  @DisplayName("a schema path is resolved against the policy file's directory and compiled")
  void compilesRelativeToPolicy() throws Exception {
    Files.createDirectories(dir.resolve("schemas"));
    Files.writeString(dir.resolve("schemas/app.schema.json"), "{\"type\": \"object\"}");
    Policy p =
        PARSER.parse(
            "settings:\n  embeddedSchemas:\n  - {keys: \"*.json\", schema: schemas/app.schema.json}\n",
            dir);
    assertThat(p.settings().schemasFor("app.json")).hasSize(1);
    assertThat(p.settings().schemasFor("app.yaml")).isEmpty();
    assertThat(p.settings().schemasFor("app.json").get(0).schema())
        .isEqualTo("schemas/app.schema.json");
  }

  @Test
  @DisplayName("a missing schema file is a policy error naming the entry")
  void missingFile() {
    assertThatThrownBy(
            () ->
                PARSER.parse(
                    "settings:\n  embeddedSchemas:\n  - {keys: a.json, schema: nope.json}\n", dir))
        .isInstanceOf(PolicyException.class)
        .hasMessageStartingWith("settings.embeddedSchemas[0].schema: cannot read");
  }

  @Test
  @DisplayName("a schema that is not valid JSON, or not a schema, is a policy error")
  void invalidSchema() throws IOException {
    Files.writeString(dir.resolve("broken.json"), "{\"type\": ");
    Files.writeString(dir.resolve("list.json"), "[1, 2]");
    assertThatThrownBy(
            () ->
                PARSER.parse(
                    "settings:\n  embeddedSchemas:\n  - {keys: a.json, schema: broken.json}\n",
                    dir))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("settings.embeddedSchemas[0].schema");
    assertThatThrownBy(
            () ->
                PARSER.parse(
                    "settings:\n  embeddedSchemas:\n  - {keys: a.json, schema: list.json}\n", dir))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("is not a JSON Schema");
  }

  @Test
  @DisplayName("an entry without keys or with an unknown field is a policy error")
  void malformedEntry() {
    assertThatThrownBy(
            () -> PARSER.parse("settings:\n  embeddedSchemas:\n  - {schema: a.json}\n", dir))
        .isInstanceOf(PolicyException.class)
        .hasMessageStartingWith("settings.embeddedSchemas[0].keys");
    assertThatThrownBy(
            () ->
                PARSER.parse(
                    "settings:\n  embeddedSchemas:\n  - {keys: a, schema: b, schemas: c}\n", dir))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("unknown key");
  }
}
