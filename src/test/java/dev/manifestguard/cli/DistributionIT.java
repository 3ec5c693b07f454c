package dev.manifestguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as its hosts run it, after {@code package}: the release archive unpacked and its
 * launcher run; the pre-commit hook's entry on the staged files its patterns select; the composite
 * Action's {@code run} steps as a runner executes them (bash -eo pipefail, inputs through env, step
 * outputs through GITHUB_OUTPUT).
 */
class DistributionIT {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path TOOLS =
      Path.of(System.getProperty("mg.test-tools", "target/test-tools/bin")).toAbsolutePath();
  static final String BAD =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n"
          + "    image: nginx:1.27.3\n    resources:\n      limits:\n        memory: -512Mi\n";
  static final String OK =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n";

  @TempDir static Path unpacked;
  @TempDir Path tmp;
  static Path launcher;

  record Proc(int code, String out, String err) {}

  @BeforeAll
  static void unpack() throws Exception {
    Path archive;
    try (Stream<Path> s = Files.list(ROOT.resolve("target"))) {
      archive =
          s.filter(p -> p.getFileName().toString().matches("manifest-guard-cli-.+\\.tar\\.gz"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("run ./mvnw package first"));
    }
    Proc tar =
        run(
            List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString()),
            unpacked,
            Map.of());
    assertThat(tar.code()).as(tar.err()).isZero();
    String dir = archive.getFileName().toString().replace(".tar.gz", "");
    launcher = unpacked.resolve(dir).resolve("bin/manifest-guard");
  }

  static Proc run(List<String> cmd, Path dir, Map<String, String> extraEnv) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().putAll(extraEnv);
    pb.environment().put("MANIFEST_GUARD_CDS_DIR", unpacked.resolve("cds").toString());
    pb.environment().remove("MANIFEST_GUARD_DOCS_URL");
    Path out = Files.createTempFile("dist-out", ".txt");
    Path err = Files.createTempFile("dist-err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
      return new Proc(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      // Each run made two files in the system's temp directory and left them: 1,500 after a day.
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static String pathWith(Path... dirs) {
    StringBuilder sb = new StringBuilder();
    for (Path d : dirs) {
      sb.append(d).append(':');
    }
    return sb.append(System.getenv("PATH")).toString();
  }

  // --- the release archive ---------------------------------------------------------------------

  @Test
  void theArchiveHoldsTheLauncherAndTheApplicationAndRunsCheck() throws Exception {
    assertThat(Files.isExecutable(launcher)).isTrue();
    assertThat(launcher.resolve("../../lib/quarkus-app/quarkus-run.jar").normalize()).exists();
    Files.writeString(tmp.resolve("bad.yaml"), BAD);
    Proc r = run(List.of(launcher.toString(), "check", "bad.yaml"), tmp, Map.of());
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains("bad.yaml:11:17: deny [resource-quantity-negative] Pod default/web");
  }

  // --- the pre-commit hook ---------------------------------------------------------------------

  @Test
  void thePreCommitHookChecksTheStagedManifestsItSelects() throws Exception {
    JsonNode hook = YAML.readTree(ROOT.resolve(".pre-commit-hooks.yaml").toFile()).get(0);
    assertThat(hook.path("id").asText()).isEqualTo("manifest-guard");
    assertThat(hook.path("language").asText()).isEqualTo("system");
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Map<String, String> files = new LinkedHashMap<>();
    files.put("deploy/web.yaml", BAD);
    files.put("deploy/settings.yaml", OK);
    files.put("deploy/kustomization.yaml", "resources: [web.yaml]\n");
    files.put(".github/workflows/ci.yml", "on: push\njobs: {}\n");
    files.put("charts/app/templates/x.yaml", "{{ .Values.x }}\n");
    files.put("README.md", "# hi\n");
    for (var e : files.entrySet()) {
      Path p = repo.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue());
    }
    git(repo, "init", "-q");
    git(repo, "add", "-A");

    Proc bad = runHook(hook, repo);
    assertThat(bad.code()).as(bad.err()).isEqualTo(1);
    assertThat(bad.out())
        .contains("deploy/web.yaml:11:17: deny [resource-quantity-negative]")
        .contains("2 files, 2 objects: 1 denied")
        .doesNotContain("ci.yml")
        .doesNotContain("kustomization");

    git(repo, "rm", "-q", "--cached", "deploy/web.yaml");
    Proc ok = runHook(hook, repo);
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("1 file, 1 object: 0 denied");
  }

  static void git(Path repo, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.email=t@example.com"));
    cmd.addAll(List.of(args));
    Proc p = run(cmd, repo, Map.of());
    assertThat(p.code()).as(p.err()).isZero();
  }

  /**
   * As pre-commit runs a hook: the staged files whose path the {@code files} pattern finds and
   * {@code exclude} does not (Python re.search), appended to {@code entry}, from the repository
   * root, with the launcher on PATH.
   */
  static Proc runHook(JsonNode hook, Path repo) throws Exception {
    Proc staged =
        run(
            List.of("git", "diff", "--cached", "--name-only", "--diff-filter=ACMR"),
            repo,
            Map.of());
    Pattern files = Pattern.compile(hook.path("files").asText());
    Pattern exclude = Pattern.compile(hook.path("exclude").asText("^$"));
    // env(1) looks the entry up on the PATH it is given, as pre-commit's child process would
    List<String> cmd = new ArrayList<>(List.of("env", "PATH=" + pathWith(launcher.getParent())));
    cmd.addAll(List.of(hook.path("entry").asText().split(" ")));
    for (String f : staged.out().split("\n")) {
      if (!f.isEmpty() && files.matcher(f).find() && !exclude.matcher(f).find()) {
        cmd.add(f);
      }
    }
    return run(cmd, repo, Map.of());
  }

  // --- the GitHub Action ------------------------------------------------------------------------

  /** The outcome of the Action's run steps: the last step's exit code and every step's outputs. */
  record ActionRun(int code, String out, Map<String, Map<String, String>> outputs) {}

  ActionRun runAction(Map<String, String> given, Path workspace) throws Exception {
    JsonNode action = YAML.readTree(ROOT.resolve("action.yml").toFile());
    assertThat(action.path("runs").path("using").asText()).isEqualTo("composite");
    Map<String, String> inputs = new HashMap<>();
    action
        .path("inputs")
        .fields()
        .forEachRemaining(e -> inputs.put(e.getKey(), e.getValue().path("default").asText("")));
    given.forEach(
        (k, v) -> {
          assertThat(inputs).as("input " + k).containsKey(k);
          inputs.put(k, v);
        });
    Path runnerTemp = Files.createDirectories(tmp.resolve("runner-temp"));
    Map<String, Map<String, String>> outputs = new HashMap<>();
    Proc last = null;
    for (JsonNode step : action.path("runs").path("steps")) {
      if (!step.has("run")) {
        // a `uses` step (the SARIF upload): its with: must resolve to the file the check wrote
        step.path("with")
            .fields()
            .forEachRemaining(
                e -> {
                  String v = resolve(e.getValue().asText(), inputs, outputs, runnerTemp);
                  if (e.getKey().equals("sarif_file")) {
                    assertThat(Path.of(v)).exists();
                  }
                });
        continue;
      }
      assertThat(step.path("shell").asText()).isEqualTo("bash");
      Path script = Files.writeString(tmp.resolve("step.sh"), step.path("run").asText());
      Path out = tmp.resolve("github-output");
      Files.writeString(out, "");
      Map<String, String> env = new HashMap<>();
      step.path("env")
          .fields()
          .forEachRemaining(
              e ->
                  env.put(e.getKey(), resolve(e.getValue().asText(), inputs, outputs, runnerTemp)));
      env.put("GITHUB_OUTPUT", out.toString());
      env.put("RUNNER_TEMP", runnerTemp.toString());
      env.put("PATH", pathWith(TOOLS));
      last =
          run(
              List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString()),
              workspace,
              env);
      Map<String, String> stepOut = new HashMap<>();
      for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          stepOut.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      outputs.put(step.path("id").asText(), stepOut);
      if (last.code() != 0) {
        return new ActionRun(last.code(), last.out() + last.err(), outputs);
      }
    }
    return new ActionRun(last.code(), last.out() + last.err(), outputs);
  }

  static final Pattern EXPR = Pattern.compile("\\$\\{\\{\\s*([^}]+?)\\s*}}");

  static String resolve(
      String text,
      Map<String, String> inputs,
      Map<String, Map<String, String>> outputs,
      Path runnerTemp) {
    Matcher m = EXPR.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String expr = m.group(1);
      String value;
      if (expr.startsWith("inputs.")) {
        value = inputs.get(expr.substring("inputs.".length()));
      } else if (expr.equals("runner.temp")) {
        value = runnerTemp.toString();
      } else if (expr.startsWith("github.")) {
        value = "";
      } else if (expr.matches("steps\\.[\\w-]+\\.outputs\\.[\\w-]+")) {
        String[] parts = expr.split("\\.");
        value = outputs.getOrDefault(parts[1], Map.of()).getOrDefault(parts[3], "");
      } else {
        throw new AssertionError("expression the test runner does not know: " + expr);
      }
      assertThat(value).as(expr).isNotNull();
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  @Test
  void theActionChecksPathsFailsOnADenyAndWritesSarif() throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    Files.createDirectories(ws.resolve("k8s"));
    Files.writeString(ws.resolve("k8s/web.yaml"), BAD);
    ActionRun r = runAction(Map.of("paths", "k8s", "cli", launcher.toString()), ws);
    assertThat(r.code()).as(r.out()).isEqualTo(1);
    assertThat(r.out()).contains("k8s/web.yaml:11:17: deny [resource-quantity-negative]");
    JsonNode sarif =
        new ObjectMapper().readTree(Path.of(r.outputs().get("check").get("sarif")).toFile());
    List<String> located = new ArrayList<>();
    sarif
        .at("/runs/0/results")
        .forEach(
            res ->
                located.add(
                    res.path("ruleId").asText()
                        + " "
                        + res.at("/locations/0/physicalLocation/artifactLocation/uri").asText()));
    assertThat(located).contains("resource-quantity-negative k8s/web.yaml");
  }

  @Test
  void theActionRendersAChartWithValuesAndHonoursFailOn() throws Exception {
    Path ws = Files.createDirectories(tmp.resolve("ws"));
    ActionRun chart =
        runAction(
            Map.of(
                "chart",
                RenderTest.CHART,
                "values",
                RenderTest.NEGATIVE,
                "format",
                "json",
                "cli",
                launcher.toString()),
            ROOT);
    assertThat(chart.code()).as(chart.out()).isEqualTo(1);
    assertThat(chart.out())
        .contains("\"file\" : \"" + RenderTest.CHART + "/templates/deployment.yaml\"");

    Files.writeString(
        ws.resolve("warn.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n  containers:\n  - name: a\n"
            + "    image: nginx\n");
    ActionRun deny = runAction(Map.of("paths", "warn.yaml", "cli", launcher.toString()), ws);
    assertThat(deny.code()).as(deny.out()).isZero();
    ActionRun warn =
        runAction(Map.of("paths", "warn.yaml", "fail-on", "warn", "cli", launcher.toString()), ws);
    assertThat(warn.code()).as(warn.out()).isEqualTo(1);
    assertThat(warn.out()).contains("warn [image-tag-mutable]");
  }
}
