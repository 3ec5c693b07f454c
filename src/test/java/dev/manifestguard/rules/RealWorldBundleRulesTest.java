package dev.manifestguard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.manifestguard.cli.BatchCheck;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.RuleEngine;
import dev.manifestguard.load.LoadedSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bundle rules of issue #14 on the real-world corpus (../shared/corpus/real-world): each file
 * is checked as one bundle, every namespace included, as the CLI would with no cluster. A deny
 * there is a false positive unless it is pinned below with the reason it is a true problem.
 */
class RealWorldBundleRulesTest {
  private static final Path CORPUS = RealWorldCorpus.DIR;

  private static final Set<String> RULES =
      Set.of(
          "service-selector-matches-nothing",
          "ingress-backend-missing",
          "hpa-target-missing",
          "pdb-selector-matches-nothing",
          "networkpolicy-selects-nothing",
          "configmap-embedded-invalid");

  /** Denies that are true problems of the corpus, checked by hand, with why. */
  private static final Map<String, String> KNOWN_DENIES =
      Map.of(
          "kubernetes-examples/AI__vllm-deployment__hpa__prometheus-adapter.yaml"
              + "\tconfigmap-embedded-invalid\tdata[config.yaml]",
          "the Prometheus Adapter config's second rule is indented under the first one's"
              + " metricsQuery (line 18 of the value): not YAML (PyYAML and SnakeYAML both refuse it),"
              + " so the adapter would fail to load its rules");

  @Test
  @DisplayName(
      "the bundle rules of issue #14 deny nothing in the real-world corpus but the pinned true problems")
  void onlyKnownDenies() throws IOException {
    List<String> files = RealWorldCorpus.files();
    RuleEngine engine = new RuleEngine(RuleFixtures.REGISTRY);
    Map<String, Action> actions = new TreeMap<>();
    for (String r : RULES) {
      if (RuleFixtures.REGISTRY.get(r) == null) {
        continue; // not registered yet
      }
      actions.put(r, RuleFixtures.REGISTRY.get(r).meta().defaultAction());
    }
    Policy policy =
        new Policy(
            actions, new Policy.Exclude(List.of(), List.of(), null), Policy.Settings.DEFAULT);
    Map<String, String> denies = new TreeMap<>();
    Map<String, Integer> counts = new TreeMap<>();
    for (String file : files) {
      LoadedSource source = RuleFixtures.LOADER.load(file, Files.readString(CORPUS.resolve(file)));
      for (BatchCheck.Checked c :
          new BatchCheck(engine).check(List.of(source), List.of(), false, null, policy)) {
        for (Finding f : c.findings()) {
          if (!RULES.contains(f.rule())) {
            continue;
          }
          counts.merge(f.rule() + " " + f.action().id(), 1, Integer::sum);
          if (Boolean.getBoolean("mg.dump.bundle")) {
            System.out.println(
                "  "
                    + f.action().id()
                    + " "
                    + file
                    + " "
                    + c.manifest().ref().display()
                    + " "
                    + f.path()
                    + ": "
                    + f.message());
          }
          if (f.action() == Action.DENY) {
            denies.put(file + "\t" + f.rule() + "\t" + f.path(), f.message());
          }
        }
      }
    }
    System.out.println("bundle rules on the real-world corpus: " + counts);
    denies.forEach((k, v) -> System.out.println("  deny " + k + ": " + v));
    assertThat(denies.keySet()).isEqualTo(KNOWN_DENIES.keySet());
  }
}
