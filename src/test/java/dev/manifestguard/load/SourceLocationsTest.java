package dev.manifestguard.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.Location;
import dev.manifestguard.model.Manifest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Where {@link Manifest#locate} points for objects the loader read: the line and column of the
 * value at a path, the first one for YAML when two values have the same path text, the last for
 * JSON, the nearest ancestor for a path with no value.
 */
class SourceLocationsTest {
  private final ManifestLoader loader = new ManifestLoader();

  @Test
  void valuesOfListItemsAndTheirAncestors() {
    String yaml =
        """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata:
            name: a
            annotations:
              example.com/key: "x"
          data:
            k: v
        - apiVersion: v1
          kind: Pod
          metadata: {name: b}
          spec:
            containers:
            - name: c
              image: nginx
        """;
    List<Manifest> ms = loader.load("list.yaml", yaml).manifests();
    assertThat(ms).hasSize(2);
    Manifest cm = ms.get(0);
    assertThat(cm.locate("")).isEqualTo(new Location(4, 3));
    assertThat(cm.locate("metadata.name")).isEqualTo(new Location(7, 11));
    assertThat(cm.locate("metadata.annotations[example.com/key]")).isEqualTo(new Location(9, 24));
    assertThat(cm.locate("data.k")).isEqualTo(new Location(11, 8));
    assertThat(cm.locate("data.missing")).isEqualTo(new Location(11, 5));
    assertThat(cm.locate("spec.containers[0]")).isEqualTo(new Location(4, 3));
    Manifest pod = ms.get(1);
    assertThat(pod.locate("")).isEqualTo(new Location(12, 3));
    assertThat(pod.locate("metadata.name")).isEqualTo(new Location(14, 20));
    assertThat(pod.locate("spec.containers[0].image")).isEqualTo(new Location(18, 14));
    assertThat(pod.locate("spec.containers[1].image")).isEqualTo(new Location(17, 5));
  }

  @Test
  void mergedValuesPointAtTheirAnchor() {
    String yaml =
        """
        defaults: &d
          a: 1
          b: 2
        obj:
          <<: *d
          b: 3
        """;
    Manifest m = loader.load("merge.yaml", yaml).manifests().get(0);
    assertThat(m.locate("obj.a")).isEqualTo(new Location(2, 6));
    assertThat(m.locate("obj.b")).isEqualTo(new Location(6, 6));
    assertThat(m.locate("defaults.b")).isEqualTo(new Location(3, 6));
  }

  @Test
  void twoValuesWithOnePathText() {
    // "[a.b][0]" is both the first item of key "a.b" and the key "a.b][0".
    String yaml = "a.b: [first]\n\"a.b][0\": second\n";
    assertThat(loader.load("same.yaml", yaml).manifests().get(0).locate("[a.b][0]"))
        .isEqualTo(new Location(1, 7));
    String json = "{\"a.b\": [\"first\"],\n \"a.b][0\": \"second\"}\n";
    assertThat(loader.load("same.json", json).manifests().get(0).locate("[a.b][0]"))
        .isEqualTo(new Location(2, 12));
  }

  @Test
  void jsonValuesAndDuplicateKeys() {
    String json = "{\"kind\": \"Pod\",\n \"metadata\": {\"name\": \"p\",\n  \"labels\": {}}}\n";
    Manifest m = loader.load("pod.json", json).manifests().get(0);
    assertThat(m.locate("metadata.name")).isEqualTo(new Location(2, 23));
    assertThat(m.locate("metadata.labels.app")).isEqualTo(new Location(3, 13));
    var dup = loader.load("dup.json", "{\"a\": 1,\n \"b\": {},\n \"a\": 2}");
    assertThat(dup.manifests()).isEmpty();
    assertThat(dup.problems().get(0).message()).contains("(first at line 1, column 7)");
  }

  /** The path of a repeated key, built only for objects and arrays, names where it is. */
  @Test
  void jsonDuplicateKeysDeepInsideNameTheirMapping() {
    String json =
        "{\"kind\": \"Pod\", \"spec\": {\"containers\": [{\"name\": \"a\"},\n"
            + " {\"image\": \"x\", \"env\": [{\"name\": \"A\", \"value\": \"1\",\n"
            + " \"name\": \"B\"}]}]}}";
    var dup = loader.load("dup.json", json);
    assertThat(dup.manifests()).isEmpty();
    assertThat(dup.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.message())
                  .isEqualTo(
                      "duplicate key \"name\" in spec.containers[1].env[0] (first at line 2,"
                          + " column 34): a key may appear only once in a mapping");
              assertThat(p.location()).isEqualTo(new Location(3, 2));
            });
  }

  /**
   * Every value of every YAML fixture and of the real-world corpus: located where a map from each
   * path (as {@link FieldPaths} writes it) to the start of its first value puts it, built here from
   * SnakeYAML's node graph.
   */
  @Test
  void everyValueOfTheFixturesWhereAMapOfPathsPutsIt() throws IOException {
    int[] fixtures = compareAll(Path.of("src/test/resources/rules"));
    assertThat(fixtures[0]).isGreaterThan(200);
    assertThat(fixtures[1]).isGreaterThan(5_000);
    int[] corpus = compareAll(Path.of("../shared/corpus/real-world"));
    assertThat(corpus[0]).as("the corpus, ../shared/corpus/real-world").isGreaterThan(400);
    assertThat(corpus[1]).isGreaterThan(50_000);
  }

  /** Files and values compared under a directory. */
  private int[] compareAll(Path dir) throws IOException {
    int files = 0;
    int checked = 0;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        String text = Files.readString(f);
        LoadedSource loaded = loader.load(f.toString(), text);
        if (!loaded.problems().isEmpty()) {
          continue;
        }
        List<Manifest> manifests = loaded.manifests();
        int next = 0;
        LoaderOptions options = new LoaderOptions();
        for (Node doc : new Yaml(options).composeAll(new StringReader(text))) {
          if (doc == null) {
            continue;
          }
          Map<String, Location> paths = new HashMap<>();
          if (!reference(doc, "", paths)) {
            next += objects(doc);
            continue;
          }
          if (doc instanceof MappingNode map && isList(map)) {
            SequenceNode items = (SequenceNode) value(map, "items");
            for (int i = 0; i < items.getValue().size(); i++) {
              if (items.getValue().get(i) instanceof MappingNode) {
                checked += compare(manifests.get(next++), FieldPaths.index("items", i), paths);
              }
            }
          } else if (doc instanceof MappingNode map && !map.getValue().isEmpty()) {
            checked += compare(manifests.get(next++), "", paths);
          } else {
            next += objects(doc);
          }
        }
        assertThat(next).as(f.toString()).isEqualTo(manifests.size());
        files++;
      }
    }
    return new int[] {files, checked};
  }

  private static int compare(Manifest m, String prefix, Map<String, Location> paths) {
    int n = 0;
    for (Map.Entry<String, Location> e : paths.entrySet()) {
      String full = e.getKey();
      if (!full.startsWith(prefix)) {
        continue;
      }
      String rest = full.substring(prefix.length());
      if (!prefix.isEmpty() && !rest.isEmpty() && rest.charAt(0) != '.' && rest.charAt(0) != '[') {
        continue;
      }
      String path = rest.startsWith(".") ? rest.substring(1) : rest;
      assertThat(m.locate(path)).as(full).isEqualTo(e.getValue());
      n++;
    }
    return n;
  }

  /** The map from path to first location, as the loader kept it before; false with merge keys. */
  private static boolean reference(Node node, String path, Map<String, Location> out) {
    out.putIfAbsent(
        path, new Location(node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1));
    if (node instanceof SequenceNode seq) {
      for (int i = 0; i < seq.getValue().size(); i++) {
        if (!reference(seq.getValue().get(i), FieldPaths.index(path, i), out)) {
          return false;
        }
      }
    } else if (node instanceof MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        if (t.getKeyNode().getTag().equals(Tag.MERGE)
            || !(t.getKeyNode() instanceof ScalarNode key)) {
          return false;
        }
        if (!reference(t.getValueNode(), FieldPaths.child(path, key.getValue()), out)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isList(MappingNode map) {
    return value(map, "kind") instanceof ScalarNode k
        && k.getValue().endsWith("List")
        && value(map, "items") instanceof SequenceNode;
  }

  private static Node value(MappingNode map, String key) {
    for (NodeTuple t : map.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return t.getValueNode();
      }
    }
    return null;
  }

  /** How many objects the loader makes of a document it is not compared on. */
  private static int objects(Node doc) {
    if (doc instanceof SequenceNode seq) {
      return (int) seq.getValue().stream().filter(n -> n instanceof MappingNode).count();
    }
    if (doc instanceof MappingNode map) {
      if (isList(map)) {
        return objects(value(map, "items"));
      }
      return map.getValue().isEmpty() ? 0 : 1;
    }
    return 0;
  }
}
