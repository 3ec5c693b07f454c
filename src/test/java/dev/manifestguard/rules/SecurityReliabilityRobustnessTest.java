package dev.manifestguard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manifestguard.cluster.ManifestClusterState;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.Review;
import dev.manifestguard.model.Manifest;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The security and reliability rules read any shape of object without throwing (seeded random
 * mutations).
 */
class SecurityReliabilityRobustnessTest {
  private static final List<String> RULES =
      List.of(
          "secret-in-env",
          "pod-security-baseline",
          "pod-security-restricted",
          "image-tag-mutable",
          "probe-missing",
          "replicas-single",
          "labels-required",
          "topology-not-allowed",
          "name-pattern");

  @Test
  @DisplayName("mutated fixtures (wrong types anywhere) never make these rules throw")
  void neverThrows() throws Exception {
    Random random = new Random(20240611L);
    Map<String, Action> actions = new HashMap<>();
    RULES.forEach(r -> actions.put(r, Action.WARN));
    Policy.Settings settings =
        new Policy.Settings(
            Policy.Settings.DEFAULT.cluster(),
            Policy.Settings.DEFAULT.suspicious(),
            List.of(),
            List.of("app.kubernetes.io/name"),
            new Policy.AllowedTopology(List.of("eu-*"), List.of("eu-central-1a")),
            List.of("*"),
            Map.of("Deployment", java.util.regex.Pattern.compile(".*-prod")),
            List.of());
    Policy policy = new Policy(actions, new Policy.Exclude(List.of(), List.of(), null), settings);
    List<String> failures = new ArrayList<>();
    int runs = 0;
    for (String rule : RULES) {
      for (RuleFixtures.Case c : RuleFixtures.cases(rule)) {
        for (Manifest original :
            RuleFixtures.LOADER.load(c.file().toString(), Files.readString(c.file())).manifests()) {
          for (int i = 0; i < 40; i++) {
            JsonNode copy = original.object().deepCopy();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
              mutate(copy, random);
            }
            Manifest m = Manifest.of(copy, "default");
            runs++;
            for (Finding f :
                RuleFixtures.ENGINE.evaluate(
                    Review.offline(m), policy, new ManifestClusterState(List.of(m), false, null))) {
              if (f.rule().equals("schema-invalid") && f.message().startsWith("rule ")) {
                failures.add(c.file() + ": " + f.message() + "\n" + copy);
              }
            }
          }
        }
      }
    }
    assertThat(runs).isGreaterThan(500);
    assertThat(failures).isEmpty();
  }

  /** Replaces one random node below the root with a value of a random other type. */
  private static void mutate(JsonNode root, Random random) {
    List<JsonNode> parents = new ArrayList<>();
    collect(root, parents);
    JsonNode parent = parents.get(random.nextInt(parents.size()));
    JsonNode replacement =
        switch (random.nextInt(6)) {
          case 0 -> JsonNodeFactory.instance.textNode("0");
          case 1 -> JsonNodeFactory.instance.numberNode(random.nextInt(3) - 1);
          case 2 -> JsonNodeFactory.instance.booleanNode(random.nextBoolean());
          case 3 -> JsonNodeFactory.instance.nullNode();
          case 4 -> JsonNodeFactory.instance.arrayNode().add("x").add(1);
          default -> JsonNodeFactory.instance.objectNode().put("name", 7);
        };
    if (parent instanceof ObjectNode o && o.size() > 0) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      o.set(names.get(random.nextInt(names.size())), replacement);
    } else if (parent instanceof ArrayNode a && a.size() > 0) {
      a.set(random.nextInt(a.size()), replacement);
    }
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isContainerNode() && n.size() > 0) {
      out.add(n);
      n.forEach(child -> collect(child, out));
    }
  }
}
