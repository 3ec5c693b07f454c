package dev.manifestguard.rules;

import dev.manifestguard.cli.BatchCheck;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.PolicyException;
import dev.manifestguard.engine.PolicyParser;
import dev.manifestguard.engine.RuleEngine;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.engine.RuleRegistry;
import dev.manifestguard.load.LoadedSource;
import dev.manifestguard.load.ManifestLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The fixture layout of {@code src/test/resources/rules/<rule-id>/}:
 *
 * <ul>
 *   <li>{@code fail.<case>.yaml} (or .json) with {@code fail.<case>.expected}: the exact findings
 *       of this rule, one per line, as {@code <action> <path>: <message>}
 *   <li>{@code pass.<case>.yaml}: no finding of this rule
 *   <li>{@code <case>.cluster.yaml}, optional: objects that exist in the cluster; the case then
 *       runs as {@code check --strict-references --cluster-state <case>.cluster.yaml}
 *   <li>{@code <case>.policy.yaml}, optional: the policy for the case. Without it the rule runs at
 *       its default action (and the actions it gives findings itself), or at {@code warn} when it
 *       is off by default.
 * </ul>
 *
 * Every case runs through the same path as the CLI ({@link BatchCheck}).
 */
public final class RuleFixtures {
  public static final Path ROOT = Path.of("src", "test", "resources", "rules");

  static final RuleRegistry REGISTRY = AllRules.registry();
  static final RuleEngine ENGINE = new RuleEngine(REGISTRY);
  static final ManifestLoader LOADER = new ManifestLoader();

  private RuleFixtures() {}

  /** One manifest file of a rule's folder. */
  public record Case(String ruleId, Path file, boolean fail, String name) {}

  public static List<Case> cases(String ruleId) {
    Path dir = ROOT.resolve(ruleId);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(
              p -> {
                String n = p.getFileName().toString();
                return (n.startsWith("fail.") || n.startsWith("pass."))
                    && (n.endsWith(".yaml") || n.endsWith(".json"));
              })
          .sorted()
          .map(
              p -> {
                String n = p.getFileName().toString();
                return new Case(
                    ruleId, p, n.startsWith("fail."), n.substring(5, n.lastIndexOf('.')));
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The findings of the case's rule, rendered as in the expected files. */
  public static List<String> run(Case c) throws IOException, PolicyException {
    Path dir = c.file().getParent();
    Path cluster = dir.resolve(c.name() + ".cluster.yaml");
    Path policyFile = dir.resolve(c.name() + ".policy.yaml");
    Policy policy =
        policyFor(c.ruleId(), Files.exists(policyFile) ? Files.readString(policyFile) : null, dir);
    LoadedSource input = load(c.file());
    List<LoadedSource> state = Files.exists(cluster) ? List.of(load(cluster)) : List.of();
    List<String> lines = new ArrayList<>();
    for (BatchCheck.Checked checked :
        new BatchCheck(ENGINE).check(List.of(input), state, !state.isEmpty(), null, policy)) {
      for (Finding f : checked.findings()) {
        if (f.rule().equals(c.ruleId())) {
          lines.add(render(f));
        }
      }
    }
    return lines;
  }

  public static List<String> expected(Case c) throws IOException {
    String n = c.file().getFileName().toString();
    Path exp = c.file().resolveSibling(n.substring(0, n.lastIndexOf('.')) + ".expected");
    if (!Files.exists(exp)) {
      throw new AssertionError(
          exp + " is missing: every fail case lists its exact expected findings");
    }
    return Files.readAllLines(exp).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .toList();
  }

  public static String render(Finding f) {
    return f.action().id() + " " + (f.path().isEmpty() ? "" : f.path() + ": ") + f.message();
  }

  /** The case's policy, its schema files relative to {@code dir}. */
  static Policy policyFor(String ruleId, String policyText, Path dir) throws PolicyException {
    if (policyText != null) {
      return new PolicyParser(REGISTRY.ids()).parse(policyText, dir);
    }
    RuleMeta meta = REGISTRY.get(ruleId).meta();
    Map<String, Action> rules = new HashMap<>();
    if (meta.defaultAction() == Action.OFF) {
      // Named only when off: a policy that names a rule also overrides the actions it gives some
      // findings itself (kind-unknown's deny in a built-in group).
      rules.put(ruleId, Action.WARN);
    }
    return new Policy(
        rules, new Policy.Exclude(List.of(), List.of(), null), Policy.Settings.DEFAULT);
  }

  private static LoadedSource load(Path p) throws IOException {
    return LOADER.load(p.getFileName().toString(), Files.readString(p));
  }
}
