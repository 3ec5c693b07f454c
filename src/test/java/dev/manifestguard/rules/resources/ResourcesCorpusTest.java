package dev.manifestguard.rules.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.manifestguard.cli.BatchCheck;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.RuleEngine;
import dev.manifestguard.load.LoadedSource;
import dev.manifestguard.load.ManifestLoader;
import dev.manifestguard.rules.AllRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Ordinary production YAML (../shared/corpus/real-world, about 1,100 objects from 14 public
 * projects) gets no deny from any resource rule: a deny there is a false positive. Warnings are
 * expected (missing requests and limits are common) and only counted.
 */
class ResourcesCorpusTest {
  private static final Path CORPUS = Path.of("..", "shared", "corpus", "real-world");

  @Test
  @DisplayName("no resource rule denies any object of the real-world corpus")
  void noDenyOnRealWorldCorpus() throws IOException {
    ManifestLoader loader = new ManifestLoader();
    List<LoadedSource> inputs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(CORPUS)) {
      for (Path p :
          files.filter(f -> f.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList()) {
        inputs.add(loader.load(CORPUS.relativize(p).toString(), Files.readString(p)));
      }
    }
    Policy policy =
        new Policy(
            Map.of(), new Policy.Exclude(List.of(), List.of(), null), Policy.Settings.DEFAULT);
    Map<String, int[]> counts = new TreeMap<>();
    List<String> denies = new ArrayList<>();
    int objects = 0;
    for (BatchCheck.Checked c :
        new BatchCheck(new RuleEngine(AllRules.registry()))
            .check(inputs, List.of(), false, null, policy)) {
      objects += c.manifest() == null ? 0 : 1;
      for (Finding f : c.findings()) {
        if (f.category() != Category.RESOURCES) {
          continue;
        }
        int[] n = counts.computeIfAbsent(f.rule(), k -> new int[2]);
        n[f.action() == Action.DENY ? 0 : 1]++;
        if (f.action() == Action.DENY) {
          denies.add(c.file() + " " + f.object().display() + " " + f.path() + ": " + f.message());
        }
      }
    }
    counts.forEach(
        (rule, n) -> System.out.println("corpus " + rule + ": deny " + n[0] + ", warn " + n[1]));
    System.out.println("corpus objects: " + objects);
    denies.forEach(d -> System.out.println("corpus DENY " + d));
    assertThat(denies).isEmpty();
  }
}
