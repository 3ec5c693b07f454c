package dev.manifestguard.rules.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.manifestguard.cli.BatchCheck;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.RuleEngine;
import dev.manifestguard.load.LoadedSource;
import dev.manifestguard.load.ManifestLoader;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.ResourceBlocks;
import dev.manifestguard.rules.AllRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Kubernetes' quantity verdicts ({@code ../shared/conformance/quantity-cases.json}) for quantities
 * as they arrive in manifests, through the CLI's path: placed in a container's {@code
 * resources.limits.cpu} of a JSON or YAML file, read by the loader and judged by every rule.
 *
 * <p>What the apiserver parses is not the written text but what {@code Quantity.UnmarshalJSON}
 * receives (apimachinery {@code pkg/api/resource/quantity.go}): the JSON value kubectl sends, its
 * quotes removed, trimmed with {@code strings.TrimSpace}, then {@code ParseQuantity}. Hence:
 *
 * <ul>
 *   <li>a string with blanks around it (the table's invalid {@code " 1"}, {@code "1 "}) is valid in
 *       a manifest, with the verdict of its trimmed text (the table's {@code JSON:} rows);
 *   <li>{@code "."} and {@code "-."} (the table's scanner-only rows) are zero: {@code
 *       parseQuantityString} returns numerator "0" with no error and {@code ParseQuantity} builds a
 *       zero from it, so they are not invalid;
 *   <li>a number is valid whatever its spelling, and a YAML plain scalar is typed as go-yaml v2
 *       types it (kubectl reads YAML with sigs.k8s.io/yaml), then re-encoded by Go's JSON encoder.
 * </ul>
 *
 * A valid negative quantity is still refused by the apiserver's validation: that is {@code
 * resource-quantity-negative}'s finding, asserted here too, never {@code
 * resource-quantity-invalid}'s.
 */
class QuantityConformanceTest {
  private static final Path CASES = Path.of("..", "shared", "conformance", "quantity-cases.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RuleEngine ENGINE = new RuleEngine(AllRules.registry());
  private static final ManifestLoader LOADER = new ManifestLoader();
  private static final Policy ALL_NAMESPACES =
      new Policy(Map.of(), new Policy.Exclude(List.of(), List.of(), null), Policy.Settings.DEFAULT);

  private static JsonNode rows() throws IOException {
    Path p = CASES;
    if (!Files.isRegularFile(p)) {
      p = Path.of("/work", "shared", "conformance", "quantity-cases.json");
    }
    assertThat(p).as("the quantity conformance table").isRegularFile();
    JsonNode rows = JSON.readTree(p.toFile());
    assertThat(rows.size()).isGreaterThan(400);
    return rows;
  }

  /** Each table row as a JSON string, a double-quoted and a single-quoted YAML string. */
  @TestFactory
  Stream<DynamicTest> tableRowsAsStrings() throws IOException {
    JsonNode rows = rows();
    Map<String, String> verdicts = new java.util.HashMap<>();
    for (JsonNode r : rows) {
      verdicts.put(r.get("input").asText(), r.get("valid").asText());
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode r : rows) {
      String input = r.get("input").asText();
      if (input.startsWith("JSON:")) {
        continue;
      }
      String valid = r.get("valid").asText();
      boolean expectValid;
      if (valid.equals("scanner-only")) {
        expectValid = true;
      } else if (!input.strip().equals(input) && !input.isBlank()) {
        // UnmarshalJSON trims first: the trimmed text's own row decides.
        assertThat(verdicts).as("row of the trimmed " + input).containsKey(input.strip());
        expectValid = verdicts.get(input.strip()).equals("true");
      } else {
        expectValid = valid.equals("true");
      }
      String json = JSON.writeValueAsString(input);
      String single = "'" + input.replace("'", "''") + "'";
      tests.add(row("JSON string " + json, "q.json", jsonPod(json), expectValid, input));
      tests.add(row("YAML double-quoted " + json, "q.yaml", yamlPod(json), expectValid, input));
      tests.add(row("YAML single-quoted " + single, "q.yaml", yamlPod(single), expectValid, input));
    }
    assertThat(tests).hasSizeGreaterThan(1000);
    return tests.stream();
  }

  /** The table's json.Unmarshal rows, written as the raw JSON value they are. */
  @TestFactory
  Stream<DynamicTest> jsonUnmarshalRows() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode r : rows()) {
      String input = r.get("input").asText();
      if (!input.startsWith("JSON:")) {
        continue;
      }
      assertThat(r.get("valid").asText()).isEqualTo("true");
      String raw = input.substring("JSON:".length());
      tests.add(row("JSON value " + raw, "q.json", jsonPod(raw), true, raw.strip()));
    }
    assertThat(tests).hasSize(8);
    return tests.stream();
  }

  /**
   * Plain YAML scalars, typed as go-yaml v2 types them (resolve.go: booleans include y/n; integers
   * are what strconv.ParseInt(s, 0, 64) reads once underscores are removed; floats need YAML's
   * float shape and a finite value; no sexagesimal numbers), then written by Go's JSON encoder as
   * kubectl sends them: the quantity text the apiserver parses, or null when it cannot be a
   * quantity (a boolean, an infinity kubectl cannot encode, a string the grammar refuses).
   */
  @TestFactory
  Stream<DynamicTest> yamlPlainScalars() {
    String[][] cases = {
      {"1", "1"},
      {"10", "10"},
      {"-1", "-1"},
      {"+1", "1"},
      {"500m", "500m"},
      {"1Gi", "1Gi"},
      {"1.0", "1"},
      {"1.", "1"},
      {".5", "0.5"},
      {"0.1", "0.1"},
      {"1e3", "1000"},
      {"1E3", "1000"},
      {"1e-7", "1e-7"},
      {"1.5e21", "1.5e+21"},
      {"1e400", "1e400"}, // beyond float64: go-yaml keeps the string, which is a valid quantity
      {"0x10", "16"},
      {"0X10", "16"},
      {"010", "8"},
      {"0o10", "8"},
      {"0b11", "3"},
      {"1_000", "1000"},
      {"12345678901234567890123", "1.2345678901234568e+22"},
      {".", "."},
      {"-.", "-."},
      {
        "1:30", null
      }, // a string to go-yaml v2 (YAML 1.1 sexagesimal is not read), and not a quantity
      {"y", null},
      {"true", null},
      {"on", null},
      {".inf", null},
      {"1 Gi", null},
    };
    List<DynamicTest> tests = new ArrayList<>();
    for (String[] c : cases) {
      String scalar = c[0];
      String expected = c[1];
      tests.add(
          DynamicTest.dynamicTest(
              "YAML plain " + scalar + " -> " + expected,
              () -> {
                LoadedSource src = LOADER.load("q.yaml", yamlPod(scalar));
                assertThat(src.problems()).isEmpty();
                JsonNode node =
                    FieldPaths.at(
                        src.manifests().get(0).object(), "spec.containers[0].resources.limits.cpu");
                if (expected != null) {
                  assertThat(ResourceBlocks.quantityText(node)).isEqualTo(expected);
                }
                List<String> rules = rules(src);
                assertThat(rules.contains("resource-quantity-invalid"))
                    .as("resource-quantity-invalid on %s, findings %s", scalar, rules)
                    .isEqualTo(expected == null);
              }));
    }
    return tests.stream();
  }

  private static DynamicTest row(
      String name, String file, String text, boolean expectValid, String input) {
    return DynamicTest.dynamicTest(
        name + (expectValid ? " valid" : " invalid"),
        () -> {
          LoadedSource src = LOADER.load(file, text);
          assertThat(src.problems()).as("read %s", text).isEmpty();
          List<String> rules = rules(src);
          assertThat(rules.contains("resource-quantity-invalid"))
              .as("resource-quantity-invalid on %s, findings %s", text, rules)
              .isEqualTo(!expectValid);
          if (expectValid && input.strip().startsWith("-") && !isZero(src)) {
            assertThat(rules).as("a negative quantity").contains("resource-quantity-negative");
          }
        });
  }

  private static boolean isZero(LoadedSource src) {
    JsonNode node =
        FieldPaths.at(src.manifests().get(0).object(), "spec.containers[0].resources.limits.cpu");
    String text = ResourceBlocks.quantityText(node);
    return dev.manifestguard.model.Quantity.tryParse(text)
        .map(q -> q.value().signum() == 0)
        .orElse(false);
  }

  private static List<String> rules(LoadedSource src) {
    List<String> out = new ArrayList<>();
    for (BatchCheck.Checked c :
        new BatchCheck(ENGINE).check(List.of(src), List.of(), false, null, ALL_NAMESPACES)) {
      for (Finding f : c.findings()) {
        out.add(f.rule());
      }
    }
    return out;
  }

  private static String jsonPod(String quantityJson) {
    return "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"q\", \"namespace\":"
        + " \"default\"}, \"spec\": {\"containers\": [{\"name\": \"c\", \"image\": \"x:1\","
        + " \"resources\": {\"limits\": {\"cpu\": "
        + quantityJson
        + "}}}]}}";
  }

  private static String yamlPod(String quantityYaml) {
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: q\n  namespace: default\nspec:\n"
        + "  containers:\n  - name: c\n    image: x:1\n    resources:\n      limits:\n        cpu: "
        + quantityYaml
        + "\n";
  }
}
