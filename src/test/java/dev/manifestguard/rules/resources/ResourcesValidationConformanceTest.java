package dev.manifestguard.rules.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manifestguard.cluster.NoClusterState;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.Review;
import dev.manifestguard.engine.RuleEngine;
import dev.manifestguard.model.Manifest;
import dev.manifestguard.rules.AllRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The apiserver's own verdicts on container, pod, overhead, PVC and LimitRange resources ({@code
 * ../shared/conformance/resources-validation-cases.jsonl}, transcribed from kubernetes/kubernetes'
 * validation tests): every row the resource rules cover must get the same verdict. A valid row gets
 * no deny from any resource rule; an invalid one at least one.
 */
class ResourcesValidationConformanceTest {
  private static final Path CASES =
      Path.of("..", "shared", "conformance", "resources-validation-cases.jsonl");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RuleEngine ENGINE = new RuleEngine(AllRules.registry());

  /**
   * Rows left to other categories, by description prefix, with the reason. The apiserver refuses
   * them, but not for a resources reason: they belong to schema-invalid (a forbidden field) or
   * storage-claim-invalid.
   */
  static final Map<String, String> NOT_COVERED =
      Map.of(
          "ephemeral container uses disallowed field Resources",
          "a field ephemeral containers may not have at all: schema-invalid, not a resource rule",
          "PVC invalid-claim-zero-capacity",
          "a claim without a positive storage request: storage-claim-invalid",
          "PVC no-resource-requests",
          "a claim without a storage request: storage-claim-invalid",
          "PVC invalid-resource-requests",
          "a claim requesting memory but no storage: storage-claim-invalid",
          "PVC zero-storage-request",
          "a claim with storage 0: storage-claim-invalid",
          "PVC invalid-storage-class-name",
          "a malformed storageClassName, not a resource: schema-invalid / storage-class-missing");

  record Row(String description, boolean valid, JsonNode spec) {}

  static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(CASES)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = JSON.readTree(line);
      rows.add(
          new Row(
              n.path("description").asText(),
              n.path("valid").asText().equals("true"),
              n.path("resource_spec")));
    }
    return rows;
  }

  static boolean covered(Row r) {
    return NOT_COVERED.keySet().stream().noneMatch(r.description()::startsWith);
  }

  @TestFactory
  Stream<DynamicTest> everyCoveredRowGetsTheApiserversVerdict() throws IOException {
    return rows().stream()
        .filter(ResourcesValidationConformanceTest::covered)
        .map(
            r ->
                DynamicTest.dynamicTest(
                    (r.valid() ? "valid: " : "invalid: ") + r.description(),
                    () -> {
                      JsonNode manifest = manifest(r.spec());
                      List<Finding> denies = denies(manifest);
                      if (r.valid()) {
                        assertThat(denies).as(manifest.toString()).isEmpty();
                      } else {
                        assertThat(denies).as(manifest.toString()).isNotEmpty();
                      }
                    }));
  }

  @Test
  @DisplayName("the rows left out are few, named, and still in the file")
  void leftOutRowsAreKnown() throws IOException {
    List<Row> rows = rows();
    long left = rows.stream().filter(r -> !covered(r)).count();
    assertThat(left).isEqualTo(NOT_COVERED.size());
    assertThat(rows.size() - left).as("rows covered").isGreaterThanOrEqualTo(100);
  }

  private static List<Finding> denies(JsonNode manifest) {
    List<Finding> out = new ArrayList<>();
    for (Finding f :
        ENGINE.evaluate(
            Review.offline(Manifest.of(manifest, "default")),
            Policy.DEFAULT,
            NoClusterState.INSTANCE)) {
      if (f.category() == Category.RESOURCES && f.action() == Action.DENY) {
        out.add(f);
      }
    }
    return out;
  }

  /** The smallest object that puts the row's resources where the Kubernetes test put them. */
  static JsonNode manifest(JsonNode spec) {
    if (spec.has("pvc")) {
      ObjectNode pvc = object("v1", "PersistentVolumeClaim");
      pvc.set("spec", spec.get("pvc").deepCopy());
      return pvc;
    }
    if (spec.has("limitRange")) {
      ObjectNode lr = object("v1", "LimitRange");
      lr.putObject("spec").set("limits", spec.get("limitRange").deepCopy());
      return lr;
    }
    ObjectNode pod = object("v1", "Pod");
    ObjectNode podSpec = pod.putObject("spec");
    boolean podLevel = spec.path("podLevel").asBoolean(false);
    if (spec.has("resourceName")) {
      String name = spec.get("resourceName").asText();
      // TestValidateResourceNames checks the general name validation, which overhead uses as it is
      ObjectNode where =
          podLevel
              ? podSpec.putObject("resources").putObject("requests")
              : podSpec.putObject("overhead");
      where.put(name, "1");
      container(podSpec.putArray("containers"), "main", null);
      return pod;
    }
    if (spec.has("overhead")) {
      podSpec.set("overhead", spec.get("overhead").deepCopy());
      container(podSpec.putArray("containers"), "main", null);
      return pod;
    }
    if (spec.has("podResources")) {
      podSpec.set("resources", spec.get("podResources").deepCopy());
      ArrayNode containers = podSpec.putArray("containers");
      int i = 0;
      for (JsonNode c : spec.get("containers")) {
        container(containers, "c" + i++, c);
      }
      return pod;
    }
    ObjectNode resources = JSON.createObjectNode();
    for (String key : List.of("requests", "limits")) {
      if (spec.has(key)) {
        resources.set(key, spec.get(key).deepCopy());
      }
    }
    if (podLevel) {
      podSpec.set("resources", resources);
      container(podSpec.putArray("containers"), "main", null);
    } else if (spec.path("initContainer").asBoolean(false)) {
      container(podSpec.putArray("initContainers"), "init", resources);
      container(podSpec.putArray("containers"), "main", null);
    } else if (spec.path("ephemeralContainer").asBoolean(false)) {
      container(podSpec.putArray("containers"), "main", null);
      container(podSpec.putArray("ephemeralContainers"), "debug", resources);
    } else {
      container(podSpec.putArray("containers"), "main", resources);
    }
    return pod;
  }

  private static void container(ArrayNode list, String name, JsonNode resources) {
    ObjectNode c = list.addObject();
    c.put("name", name);
    c.put("image", "registry.example/app:1.0");
    if (resources != null && !resources.isEmpty()) {
      c.set("resources", resources.deepCopy());
    }
  }

  private static ObjectNode object(String apiVersion, String kind) {
    ObjectNode o = JSON.createObjectNode();
    o.put("apiVersion", apiVersion);
    o.put("kind", kind);
    o.putObject("metadata").put("name", "case").put("namespace", "default");
    return o;
  }
}
