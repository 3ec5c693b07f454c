package dev.manifestguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every package points downward (README "Layout"). A package may use the packages of lower layers
 * only: not its neighbours in its own layer, nor anything above. Read from the compiled classes, so
 * a fully qualified name in the code counts as much as an import.
 */
class ArchitectureTest {
  private static final String ROOT = "dev.manifestguard";

  /** Layers from the top down; the packages of one layer are independent of each other. */
  static final List<Set<String>> LAYERS =
      List.of(
          Set.of(""), // Main: the one jar's two programs
          Set.of("admission", "cli", "health"), // front doors: HTTP, command line, probes
          Set.of(
              "webhook", "metrics",
              "tls"), // the webhook's wiring: CDI beans, policy reloads, meters, certificates
          Set.of("rules"), // AllRules: the catalogue, which only the front doors know
          Set.of(
              "rules.resources",
              "rules.rbac",
              "rules.storage",
              "rules.network",
              "rules.security",
              "rules.reliability",
              "rules.schema"), // one package of rules per category
          Set.of("rules.references"), // the reference semantics, and the reference-*-missing rules
          Set.of("engine"), // Rule, RuleEngine, Finding, Policy: knows no rule
          Set.of("cluster", "load"), // what exists in the cluster; reading files
          Set.of(
              "model")); // Kubernetes objects, quantities, CIDRs, field paths: imports nothing of

  // ours

  /** The application's classes as Maven compiled them (not the tests'). */
  private static final JavaClasses CLASSES =
      new ClassFileImporter().importPath(Path.of("target", "classes"));

  private static String qualified(String pkg) {
    return pkg.isEmpty() ? ROOT : ROOT + "." + pkg;
  }

  @Test
  @DisplayName("no class uses a package of its own layer or of a layer above it")
  void importsPointDown() {
    for (int layer = 0; layer < LAYERS.size(); layer++) {
      for (String pkg : LAYERS.get(layer)) {
        List<String> notBelow = new ArrayList<>();
        for (int other = 0; other <= layer; other++) {
          for (String o : LAYERS.get(other)) {
            if (!o.equals(pkg)) {
              notBelow.add(qualified(o));
            }
          }
        }
        noClasses()
            .that()
            .resideInAPackage(qualified(pkg))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(notBelow.toArray(String[]::new))
            .because("a package may only use the layers below its own (README \"Layout\")")
            .check(CLASSES);
      }
    }
  }

  @Test
  @DisplayName("every package of the application is in exactly one layer")
  void everyPackageHasALayer() {
    Map<String, Long> perPackage =
        LAYERS.stream()
            .flatMap(Set::stream)
            .collect(Collectors.groupingBy(p -> p, Collectors.counting()));
    assertThat(perPackage.values()).as("packages listed twice").allMatch(n -> n == 1);
    Set<String> actual = new TreeSet<>();
    for (JavaClass c : CLASSES) {
      actual.add(
          c.getPackageName().equals(ROOT) ? "" : c.getPackageName().substring(ROOT.length() + 1));
    }
    assertThat(actual)
        .as("packages of the application")
        .isEqualTo(new TreeSet<>(perPackage.keySet()));
  }
}
