package dev.manifestguard.rules.network;

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
import dev.manifestguard.rules.RealWorldCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The real-world corpus (../shared/corpus/real-world, ordinary production objects) is the
 * false-positive check of the network rules: each file is checked as one bundle, every namespace
 * included, and the only deny is the one true problem the corpus is known to hold.
 */
class RealWorldCorpusTest {
  private static final Path CORPUS = RealWorldCorpus.DIR;

  /** Cilium's LB IPAM docs: two pools on the same CIDR, which Cilium itself marks Conflicting. */
  private static final Set<String> KNOWN =
      Set.of("cilium-docs/lb-ipam-pool-selectors-overlapping.yaml\tcidr-overlap");

  @Test
  @DisplayName(
      "network rules deny nothing in the real-world corpus but the known Cilium pools on the same CIDR")
  void onlyKnownDenies() throws IOException {
    List<String> files = RealWorldCorpus.files();
    RuleEngine engine = new RuleEngine(AllRules.registry());
    Policy everyNamespace =
        new Policy(
            Map.of(), new Policy.Exclude(List.of(), List.of(), null), Policy.Settings.DEFAULT);
    ManifestLoader loader = new ManifestLoader();
    Set<String> denies = new TreeSet<>();
    int objects = 0;
    for (String file : files) {
      LoadedSource source = loader.load(file, Files.readString(CORPUS.resolve(file)));
      for (BatchCheck.Checked c :
          new BatchCheck(engine).check(List.of(source), List.of(), false, null, everyNamespace)) {
        objects += c.manifest() == null ? 0 : 1;
        for (Finding f : c.findings()) {
          if (f.category() == Category.NETWORK && f.action() == Action.DENY) {
            denies.add(file + "\t" + f.rule());
          }
        }
      }
    }
    assertThat(objects).as("objects read").isGreaterThan(1000);
    assertThat(denies).isEqualTo(KNOWN);
  }
}
