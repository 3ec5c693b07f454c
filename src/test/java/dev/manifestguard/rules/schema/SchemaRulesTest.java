package dev.manifestguard.rules.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manifestguard.cluster.ClusterState;
import dev.manifestguard.cluster.ManifestClusterState;
import dev.manifestguard.cluster.NoClusterState;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.Review;
import dev.manifestguard.engine.Review.Mode;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.load.LoadedSource;
import dev.manifestguard.load.ManifestLoader;
import dev.manifestguard.model.Manifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SchemaRulesTest {
  private static final SchemaInvalidRule SCHEMA = new SchemaInvalidRule();
  private static final KindUnknownRule KIND = new KindUnknownRule();

  private static List<Findings.Raw> run(
      dev.manifestguard.engine.Rule rule, Manifest m, Mode mode, ClusterState cluster) {
    Findings out = new Findings();
    rule.check(
        new RuleContext(new Review(m, null, mode, false, null), cluster, Policy.Settings.DEFAULT),
        out);
    return out.drain();
  }

  private static Manifest parse(String yaml) {
    return new ManifestLoader().load("t.yaml", yaml).manifests().get(0);
  }

  @Nested
  @DisplayName("in admission")
  class Admission {
    @Test
    @DisplayName(
        "both rules stay silent: the apiserver has already decoded and validated the object")
    void silent() {
      Manifest m =
          parse(
              "apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\nspec: {replicas: \"3\"}\n");
      assertThat(run(SCHEMA, m, Mode.ADMISSION, NoClusterState.INSTANCE)).isEmpty();
      assertThat(run(KIND, m, Mode.ADMISSION, NoClusterState.INSTANCE)).isEmpty();
      assertThat(run(KIND, m, Mode.OFFLINE, NoClusterState.INSTANCE)).hasSize(1);
    }
  }

  @Test
  @DisplayName("an int32 field refuses a number beyond 32 bits, an int64 field takes it")
  void ranges() {
    Manifest m =
        parse(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x, generation: 4000000000}\n"
                + "spec: {replicas: 4000000000, selector: {}, template: {spec: {containers: [{name: a, image: b}]}}}\n");
    assertThat(run(SCHEMA, m, Mode.OFFLINE, NoClusterState.INSTANCE))
        .extracting(Findings.Raw::path)
        .containsExactly("spec.replicas");
  }

  @Test
  @DisplayName("a Secret's values are never echoed in messages")
  void secretsNotEchoed() {
    Manifest m =
        parse(
            "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: 123456}\n");
    List<Findings.Raw> f = run(SCHEMA, m, Mode.OFFLINE, NoClusterState.INSTANCE);
    assertThat(f).hasSize(1);
    assertThat(f.get(0).message()).doesNotContain("123456");
  }

  @Test
  @DisplayName("never throws on mutated real-world objects (seeded random type swaps)")
  void robustness() throws IOException {
    List<Manifest> all = corpus();
    Random random = new Random(20240611L);
    JsonNode[] replacements = {
      JsonNodeFactory.instance.textNode("x"),
      JsonNodeFactory.instance.numberNode(1.5),
      JsonNodeFactory.instance.booleanNode(true),
      JsonNodeFactory.instance.nullNode(),
      JsonNodeFactory.instance.arrayNode().add(1),
      JsonNodeFactory.instance.objectNode().put("k", 1)
    };
    ClusterState cluster = new ManifestClusterState(all, false, null);
    for (Manifest m : all) {
      for (int round = 0; round < 5; round++) {
        JsonNode copy = m.object().deepCopy();
        mutate(copy, random, replacements);
        Manifest mutated = Manifest.of(copy, "default");
        assertThatCode(
                () -> {
                  run(SCHEMA, mutated, Mode.OFFLINE, cluster);
                  run(KIND, mutated, Mode.OFFLINE, cluster);
                })
            .doesNotThrowAnyException();
      }
    }
  }

  private static void mutate(JsonNode node, Random random, JsonNode[] replacements) {
    if (node instanceof ObjectNode o) {
      List<String> keys = new ArrayList<>();
      o.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        if (random.nextInt(12) == 0) {
          o.set(k, replacements[random.nextInt(replacements.length)]);
        } else {
          mutate(o.get(k), random, replacements);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (random.nextInt(12) == 0) {
          a.set(i, replacements[random.nextInt(replacements.length)]);
        } else {
          mutate(a.get(i), random, replacements);
        }
      }
    }
  }

  private static List<Manifest> corpus() throws IOException {
    List<Manifest> all = new ArrayList<>();
    for (Map.Entry<String, List<LoadedSource>> p : RealWorldSchemaTest.projects().entrySet()) {
      for (LoadedSource s : p.getValue()) {
        all.addAll(s.manifests());
      }
    }
    return all;
  }
}
