package dev.manifestguard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The catalogue is complete: every rule has fixtures and a doc page, and every id is the
 * contract's.
 */
class RuleCatalogTest {
  private static final Path SPEC = Path.of("..", "shared", "spec", "RULES.md");
  private static final Path DOCS = Path.of("src", "main", "resources", "rules");

  @Test
  @DisplayName(
      "each rule is a final class named after its id (resource-violates-limitrange: "
          + "ResourceViolatesLimitrangeRule) in the package of its category, or of references for reference-*")
  void classNamesFollowIds() {
    List<String> problems = new ArrayList<>();
    for (Rule rule : RuleFixtures.REGISTRY.rules()) {
      String id = rule.meta().id();
      Class<?> type = rule.getClass();
      StringBuilder name = new StringBuilder();
      for (String word : id.split("-")) {
        name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
      String wantedClass = name.append("Rule").toString();
      String wantedPackage =
          "dev.manifestguard.rules."
              + (id.startsWith("reference-") ? "references" : rule.meta().category().id());
      if (!type.getSimpleName().equals(wantedClass)
          || !type.getPackageName().equals(wantedPackage)) {
        problems.add(
            id + ": " + type.getName() + ", expected " + wantedPackage + "." + wantedClass);
      }
      if (!java.lang.reflect.Modifier.isFinal(type.getModifiers())) {
        problems.add(id + ": " + type.getName() + " is not final");
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  @DisplayName(
      "every rule has at least one failing and one passing fixture, each failing one with expectations")
  void everyRuleHasFixtures() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Rule rule : RuleFixtures.REGISTRY.rules()) {
      String id = rule.meta().id();
      List<RuleFixtures.Case> cases = RuleFixtures.cases(id);
      if (cases.stream().noneMatch(RuleFixtures.Case::fail)) {
        problems.add(id + ": no fail.*.yaml fixture");
      }
      if (cases.stream().noneMatch(c -> !c.fail())) {
        problems.add(id + ": no pass.*.yaml fixture");
      }
      for (RuleFixtures.Case c : cases) {
        if (c.fail()) {
          try {
            if (RuleFixtures.expected(c).isEmpty()) {
              problems.add(c.file() + ": expected file lists no finding");
            }
          } catch (AssertionError e) {
            problems.add(e.getMessage());
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  @DisplayName("every rule has a doc page, and no doc page or fixture folder belongs to no rule")
  void docsAndNoOrphans() throws IOException {
    Set<String> ids = RuleFixtures.REGISTRY.ids();
    for (String id : ids) {
      assertThat(DOCS.resolve(id + ".md")).as("doc page of " + id).exists();
    }
    try (Stream<Path> dirs = Files.list(RuleFixtures.ROOT)) {
      assertThat(dirs.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
          .as("fixture folders")
          .isSubsetOf(ids);
    }
    try (Stream<Path> pages = Files.list(DOCS)) {
      assertThat(
              pages
                  .map(p -> p.getFileName().toString().replaceFirst("\\.md$", ""))
                  .collect(Collectors.toSet()))
          .as("doc pages")
          .isSubsetOf(ids);
    }
  }

  @Test
  @DisplayName(
      "the registry holds every rule of the contract RULES.md, with its category, "
          + "default action and reference mark, and no other")
  void matchesContract() throws IOException {
    assertThat(SPEC).as("the product contract, ../shared/spec/RULES.md").exists();
    String spec = Files.readString(SPEC);
    Pattern row =
        Pattern.compile(
            "^\\| `([a-z0-9-]+)`(?:, `([a-z0-9-]+)`)?(?: \\(R\\))? \\| (deny|warn|audit|off) \\|",
            Pattern.MULTILINE);
    Pattern section = Pattern.compile("^## \\d+\\. .*\\(category `([a-z]+)`\\)", Pattern.MULTILINE);
    List<String> problems = new ArrayList<>();
    Matcher sm = section.matcher(spec);
    List<int[]> bounds = new ArrayList<>();
    List<String> cats = new ArrayList<>();
    while (sm.find()) {
      bounds.add(new int[] {sm.start()});
      cats.add(sm.group(1));
    }
    Matcher m = row.matcher(spec);
    int specRules = 0;
    while (m.find()) {
      String category = "";
      for (int i = 0; i < bounds.size(); i++) {
        if (bounds.get(i)[0] < m.start()) {
          category = cats.get(i);
        }
      }
      for (String id : new String[] {m.group(1), m.group(2)}) {
        if (id == null) {
          continue;
        }
        specRules++;
        Rule rule = RuleFixtures.REGISTRY.get(id);
        if (rule == null) {
          problems.add(id + ": in the contract but not in the registry");
          continue;
        }
        RuleMeta meta = rule.meta();
        if (!meta.category().id().equals(category)) {
          problems.add(id + ": category " + meta.category().id() + ", contract says " + category);
        }
        if (!meta.defaultAction().id().equals(m.group(3))) {
          problems.add(
              id + ": default " + meta.defaultAction().id() + ", contract says " + m.group(3));
        }
        boolean reference = spec.substring(m.start(), m.end()).contains("(R)");
        if (meta.reference() != reference) {
          problems.add(id + ": reference=" + meta.reference() + ", contract says " + reference);
        }
      }
    }
    assertThat(specRules).as("rules parsed from RULES.md").isGreaterThan(40);
    Set<String> specIds = new java.util.HashSet<>();
    Matcher all = Pattern.compile("`([a-z]+(?:-[a-z0-9]+)+)`").matcher(spec);
    while (all.find()) {
      specIds.add(all.group(1));
    }
    for (String id : RuleFixtures.REGISTRY.ids()) {
      if (!specIds.contains(id)) {
        problems.add(id + ": not in the contract");
      }
    }
    assertThat(problems).isEmpty();
  }
}
