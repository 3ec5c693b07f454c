package dev.manifestguard.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Plain YAML is read from the parser's events, everything else through SnakeYAML's node graph: both
 * give the same objects (values, types, key order), the same location for every value and the same
 * problems.
 */
class YamlEventsTest {
  private final ManifestLoader events = new ManifestLoader();
  private final ManifestLoader graph = new ManifestLoader(false);

  @Test
  void theFixturesAndTheCorpusReadTheSameBothWays() throws IOException {
    int files = 0;
    for (String dir : List.of("src/test/resources", "../shared/corpus/real-world")) {
      try (Stream<Path> walk = Files.walk(Path.of(dir))) {
        for (Path f :
            walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                .sorted()
                .toList()) {
          same(f.toString(), Files.readString(f));
          files++;
        }
      }
    }
    assertThat(files).isGreaterThan(700);
  }

  @Test
  void shortValuesAndKeysAreSharedAcrossTheFilesOfAThread() {
    JsonNode a =
        events
            .load("a.yaml", "kind: Service\nspec:\n  type: ClusterIP\n")
            .manifests()
            .get(0)
            .object();
    JsonNode b =
        events
            .load("b.yaml", "kind: Service\nspec:\n  type: ClusterIP\n")
            .manifests()
            .get(0)
            .object();
    assertThat(a).isEqualTo(b);
    // One node and one string for a value every file repeats: the bundle holds them all to the end.
    assertThat(b.path("spec").path("type")).isSameAs(a.path("spec").path("type"));
    assertThat(b.path("kind").textValue()).isSameAs(a.path("kind").textValue());
    String longValue = "x".repeat(40);
    JsonNode c = events.load("c.yaml", "name: " + longValue + "\n").manifests().get(0).object();
    JsonNode d = events.load("d.yaml", "name: " + longValue + "\n").manifests().get(0).object();
    assertThat(d.path("name")).isEqualTo(c.path("name")).isNotSameAs(c.path("name"));
  }

  @Test
  void whatTheEventsLeaveToTheGraph() {
    String[] inputs = {
      // anchors, aliases and merge keys
      "a: &x {b: 1}\nc: *x\n",
      "base: &b\n  k: v\nobj:\n  <<: *b\n  k: w\n",
      // explicit tags, a complex key, a repeated key
      "a: !!str 12\nb: !!int \"7\"\n",
      "? [a, b]\n: c\n",
      "a: 1\nb: 2\na: 3\n",
      // syntax errors after a good document, an unclosed flow, a tab
      "kind: Pod\n---\nkind: [\n",
      "a: {b: 1\n",
      "a:\n\tb: 1\n",
      // deep nesting, empty documents, scalars and sequences as documents
      "a:\n" + "  - ".repeat(1) + "[".repeat(600) + "]".repeat(600) + "\n",
      "---\n---\nkind: Pod\n...\n",
      "just text\n",
      "- kind: Pod\n- 3\n- kind: Service\n",
      // line breaks SnakeYAML counts its own way, text beyond ASCII, characters it refuses
      "kind: Pod\r\nmetadata:\r\n  name: a\r\n  labels: {x: \"y\"}\r\n",
      "kind: Pod\rmetadata:\r  name: a\r",
      "kind: Pod\u0085metadata:\u2028  name: a\u2029spec: {}\n",
      "kind: Pod\nmetadata:\n  name: caf\u00e9\n  annotations:\n    note: \"\u65e5\u672c \u00e9\"\n  labels: {}\n",
      "kind: Pod\nmetadata:\n  name: a\n  annotations: {e: \"\ud83d\ude00\"}\nspec: {}\n",
      "kind: Pod\nmetadata:\n  name: a\u0007\n",
      "kind: Pod\nspec:\n  x: |\n    line\r\n    two\n  y: >-\n    folded\n    text\n",
      // typing: booleans, nulls, numbers, quoted numbers, keys that are not strings
      "a: yes\nb: ~\nc: 0x1F\nd: '12'\ne: 1e400\n1: one\nnull: none\ny: why\n",
    };
    for (String in : inputs) {
      same("case.yaml", in);
    }
  }

  private void same(String file, String text) {
    LoadedSource a = events.load(file, text);
    LoadedSource b = graph.load(file, text);
    assertThat(a.problems()).as(file).isEqualTo(b.problems());
    assertThat(a.manifests()).as(file).hasSameSizeAs(b.manifests());
    for (int i = 0; i < a.manifests().size(); i++) {
      Manifest x = a.manifests().get(i);
      Manifest y = b.manifests().get(i);
      assertThat(x.object()).as(file).isEqualTo(y.object());
      assertThat(x.object().toString()).as(file).isEqualTo(y.object().toString());
      assertThat(x.ref()).isEqualTo(y.ref());
      compareLocations(file, x, y, x.object(), "");
    }
  }

  /** The location of every value, and of a path below each that has none. */
  private static void compareLocations(String file, Manifest x, Manifest y, JsonNode n, String p) {
    assertThat(x.locate(p)).as(file + " " + p).isEqualTo(y.locate(p));
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        compareLocations(file, x, y, e.getValue(), FieldPaths.child(p, e.getKey()));
      }
      String missing = FieldPaths.child(p, "no-such-field");
      assertThat(x.locate(missing)).isEqualTo(y.locate(missing));
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        compareLocations(file, x, y, n.get(i), FieldPaths.index(p, i));
      }
    }
  }
}
