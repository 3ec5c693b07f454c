package dev.manifestguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.cli.CheckCommandTest.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charts and kustomizations rendered by the real helm and kustomize that src/build/test-tools.sh
 * installs (Maven runs it in generate-test-resources). The vendored data and its provenance are in
 * src/test/resources/render/README.md. Other rules may add findings over time: the tests assert the
 * findings they name, where they point, and the exit codes, not totals.
 */
class RenderTest {
  static final String CHART = "src/test/resources/render/web";
  static final String NEGATIVE = "src/test/resources/render/values-negative-memory.yaml";
  static final String OVERLAY = "src/test/resources/render/kustomize/overlays/prod";
  static final Path TOOLS =
      Path.of(System.getProperty("mg.test-tools", "target/test-tools/bin")).toAbsolutePath();

  @TempDir Path tmp;

  @BeforeAll
  static void toolsInstalled() {
    assertThat(TOOLS.resolve("helm")).as("run src/build/test-tools.sh (mvn does)").exists();
    assertThat(TOOLS.resolve("kustomize")).exists();
  }

  /** An environment whose PATH holds only {@code dirs}. */
  static Map<String, String> env(Path... dirs) {
    Map<String, String> env = new HashMap<>(System.getenv());
    List<String> parts = new ArrayList<>();
    for (Path d : dirs) {
      parts.add(d.toString());
    }
    env.put("PATH", String.join(":", parts));
    env.remove("MANIFEST_GUARD_DOCS_URL");
    return env;
  }

  static Result check(Map<String, String> env, String... args) {
    return CheckCommandTest.withEnv(env, args);
  }

  static Result check(String... args) {
    return check(env(TOOLS), args);
  }

  static List<JsonNode> findings(Result r, String rule) {
    List<JsonNode> out = new ArrayList<>();
    r.json()
        .path("findings")
        .forEach(
            f -> {
              if (f.path("rule").asText().equals(rule)) {
                out.add(f);
              }
            });
    return out;
  }

  /** Line {@code n} (1-based) of what helm prints for one template alone. */
  static String renderedLine(String template, int n, String... extra) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                TOOLS.resolve("helm").toString(),
                "template",
                "release-name",
                CHART,
                "--show-only",
                template));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out.split("\n")[n - 1];
  }

  @Test
  void theStarterChartIsRenderedAndFindingsNameTheTemplateFiles() {
    Result r = check("-o", "json", CHART);
    assertThat(r.code()).as(r.err()).isZero(); // only warnings with default values
    JsonNode json = r.json();
    assertThat(json.path("summary").path("files").asInt()).isEqualTo(4);
    List<JsonNode> missing = findings(r, "resource-limits-missing");
    assertThat(missing)
        .extracting(f -> f.path("file").asText())
        .contains(
            CHART + "/templates/deployment.yaml", CHART + "/templates/tests/test-connection.yaml");
    json.path("findings")
        .forEach(
            f ->
                assertThat(f.path("file").asText())
                    .startsWith(CHART + "/templates/")
                    .doesNotContain("/tmp/"));
  }

  @Test
  void valuesFileMakesADenyAtTheTemplatesLine() throws Exception {
    Result r = check("-o", "json", "--helm-values", NEGATIVE, CHART);
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    List<JsonNode> neg = findings(r, "resource-quantity-negative");
    assertThat(neg).hasSize(1);
    JsonNode f = neg.get(0);
    assertThat(f.path("file").asText()).isEqualTo(CHART + "/templates/deployment.yaml");
    assertThat(f.path("name").asText()).isEqualTo("release-name-web");
    assertThat(f.path("path").asText())
        .isEqualTo("spec.template.spec.containers[0].resources.limits.memory");
    assertThat(
            renderedLine("templates/deployment.yaml", f.path("line").asInt(), "--values", NEGATIVE))
        .contains("memory: -512Mi");
    Result text = check("--helm-values", NEGATIVE, CHART);
    assertThat(text.out())
        .contains(
            CHART
                + "/templates/deployment.yaml:"
                + f.path("line").asInt()
                + ":"
                + f.path("column").asInt()
                + ": deny [resource-quantity-negative] Deployment default/release-name-web");
  }

  @Test
  void setReleaseAndNamespaceReachHelm() throws Exception {
    Result r =
        check(
            "-o",
            "json",
            "--helm-set",
            "resources.limits.memory=-1Gi",
            "--helm-set",
            "image.tag=latest",
            "--helm-release",
            "shop",
            "--namespace",
            "store",
            CHART);
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    JsonNode neg = findings(r, "resource-quantity-negative").get(0);
    assertThat(neg.path("name").asText()).isEqualTo("shop-web");
    assertThat(neg.path("namespace").asText()).isEqualTo("store");
    assertThat(neg.path("message").asText()).contains("-1Gi");
    assertThat(findings(r, "image-tag-mutable"))
        .extracting(f -> f.path("file").asText())
        .contains(CHART + "/templates/deployment.yaml");
  }

  @Test
  void failOnWarnFailsTheCleanChart() {
    assertThat(check("--fail-on", "warn", CHART).code()).isEqualTo(1);
  }

  @Test
  void renderFailureIsExit2WithHelmsMessage() throws IOException {
    Path chart = tmp.resolve("broken");
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(
        chart.resolve("Chart.yaml"), "apiVersion: v2\nname: broken\nversion: 0.1.0\n");
    Files.writeString(
        chart.resolve("templates/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required \"name is required\""
            + " .Values.name }}\n");
    Result r = check(chart.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains(chart + ": helm template failed:").contains("name is required");

    Result set = check("--helm-set", "name={", chart.toString());
    assertThat(set.code()).isEqualTo(2);
    assertThat(set.err()).contains("helm template failed").contains("--set");
  }

  @Test
  void missingSubChartsAreNamed() throws IOException {
    Path chart = tmp.resolve("umbrella");
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(
        chart.resolve("Chart.yaml"),
        "apiVersion: v2\nname: umbrella\nversion: 0.1.0\ndependencies:\n"
            + "  - {name: redis, version: 1.0.0, repository: https://charts.example.com}\n");
    Result r = check(chart.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("missing in charts/ directory: redis")
        .contains("run 'helm dependency build " + chart + "' first");
  }

  @Test
  void chartOptionsWithoutAChartAreAUsageError() throws IOException {
    Path file = Files.writeString(tmp.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\n");
    Result r = check("--helm-set", "a=b", file.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("need a chart PATH");
  }

  @Test
  void missingHelmIsExit2() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty-bin"));
    Result r = check(env(empty), CHART);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(CHART + ": is a Helm chart, but helm is not on PATH");
  }

  @Test
  void theKustomizeOverlayIsBuiltAndFindingsNameItsDirectoryAndObject() {
    Result r = check("-o", "json", OVERLAY);
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    JsonNode f = findings(r, "resource-requests-exceed-limits").get(0);
    assertThat(f.path("file").asText()).isEqualTo(OVERLAY);
    assertThat(f.path("kind").asText()).isEqualTo("Deployment");
    assertThat(f.path("namespace").asText()).isEqualTo("shop-prod");
    assertThat(f.path("name").asText()).isEqualTo("prod-hello");
    assertThat(f.path("line").asInt()).isPositive();
    Result text = check(OVERLAY);
    assertThat(text.out())
        .contains(
            OVERLAY
                + ":"
                + f.path("line").asInt()
                + ":"
                + f.path("column").asInt()
                + ": deny [resource-requests-exceed-limits] Deployment shop-prod/prod-hello");
  }

  @Test
  void sarifPointsKustomizeFindingsAtTheKustomizationFile() {
    JsonNode sarif = check("-o", "sarif", OVERLAY).json();
    List<String> found = new ArrayList<>();
    sarif
        .at("/runs/0/results")
        .forEach(
            res -> {
              if (res.path("ruleId").asText().equals("resource-requests-exceed-limits")) {
                found.add(
                    res.at("/locations/0/physicalLocation/artifactLocation/uri").asText()
                        + ":"
                        + res.at("/locations/0/physicalLocation/region/startLine").asInt()
                        + " "
                        + res.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText());
              }
            });
    assertThat(found)
        .containsExactly(
            OVERLAY
                + "/kustomization.yaml:1 Deployment shop-prod/prod-hello"
                + " spec.template.spec.containers[0].resources.requests.memory");
  }

  @Test
  void onlyKubectlBuildsTheOverlayWithKubectlKustomize() throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("kubectl-only"));
    Files.createSymbolicLink(bin.resolve("kubectl"), TOOLS.resolve("kubectl"));
    Result r = check(env(bin), "-o", "json", OVERLAY);
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(findings(r, "resource-requests-exceed-limits")).hasSize(1);
  }

  @Test
  void kustomizeErrorsAndMissingBinariesAreExit2() throws IOException {
    Path bad = tmp.resolve("bad-overlay");
    Files.createDirectories(bad);
    Files.writeString(bad.resolve("kustomization.yaml"), "resources:\n  - nowhere.yaml\n");
    Result r = check(bad.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(bad + ": kustomize build failed:").contains("nowhere.yaml");

    Path empty = Files.createDirectories(tmp.resolve("nothing"));
    Result none = check(env(empty), OVERLAY);
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("neither kustomize nor kubectl is on PATH");
  }
}
