package dev.manifestguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.manifestguard.engine.RuleRegistry;
import dev.manifestguard.rules.AllRules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The CLI through its real entry point, in process. */
class CheckCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TREE = "src/test/resources/cli/tree";

  @TempDir Path tmp;

  record Result(int code, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + out, e);
      }
    }
  }

  static Result run(RuleRegistry registry, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        CheckCommand.run(
            args,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            registry);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** With the real catalogue and the given environment instead of the process's. */
  static Result withEnv(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        CheckCommand.run(
            args,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            AllRules.registry(),
            env);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** With the probe rules. */
  static Result probe(String... args) {
    return run(ProbeRules.registry(), "", args);
  }

  /** With the real catalogue, through the public entry point. */
  static Result real(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        CheckCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  String write(String name, String content) throws IOException {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p.toString();
  }

  static final String GOOD_POD =
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: ok
      spec:
        containers:
          - name: app
            image: good:1
      """;

  static final String BAD_POD =
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        namespace: shop
      spec:
        containers:
          - name: app
            image: good:1
          - name: sidecar
            image:   "bad:2"
      """;

  @Nested
  @DisplayName("exit codes")
  class ExitCodes {
    @Test
    @DisplayName("0 and only the summary line when nothing is found")
    void clean() throws IOException {
      Result r = probe(write("ok.yaml", GOOD_POD));
      assertThat(r.code()).isZero();
      assertThat(r.out()).isEqualTo("1 file, 1 object: 0 denied, 0 warnings\n");
      assertThat(r.err()).isEmpty();
    }

    @Test
    @DisplayName("1 when a deny finding exists")
    void deny() throws IOException {
      assertThat(probe(write("bad.yaml", BAD_POD)).code()).isEqualTo(1);
    }

    @Test
    @DisplayName("0 when there are only warnings")
    void warnOnly() throws IOException {
      String f =
          write(
              "w.yaml",
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {probe/bad: x}\n");
      Result r = probe(f);
      assertThat(r.code()).isZero();
      assertThat(r.out())
          .contains("warn [cli-probe-annotation]")
          .endsWith("1 file, 1 object: 0 denied, 1 warning\n");
    }

    @Test
    @DisplayName("2 for a missing file, naming it on stderr")
    void missing() throws IOException {
      String ok = write("ok.yaml", GOOD_POD);
      Result r = probe(ok, "no/such.yaml");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).contains("no/such.yaml").contains("no such file");
    }

    @Test
    @DisplayName("2 for a policy with an unknown rule id, naming the file and the key")
    void badPolicy() throws IOException {
      String policy = write("policy.yaml", "rules:\n  cli-probe-imag: deny\n");
      Result r = probe("--policy", policy, write("ok.yaml", GOOD_POD));
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err())
          .contains(policy)
          .contains("rules.cli-probe-imag: unknown rule id")
          .contains("did you mean cli-probe-image");
    }

    @Test
    @DisplayName("2 for a policy that is not YAML or does not exist")
    void unreadablePolicy() throws IOException {
      String ok = write("ok.yaml", GOOD_POD);
      Result r = probe("--policy", write("p.yaml", "rules: [\n"), ok);
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("p.yaml").contains("not valid YAML");
      r = probe("--policy", "missing-policy.yaml", ok);
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("missing-policy.yaml: no such file");
    }

    @Test
    @DisplayName("a valid policy changes actions: a deny rule set to warn no longer fails the run")
    void policyApplies() throws IOException {
      String policy = write("policy.yaml", "rules:\n  cli-probe-image: warn\n");
      Result r = probe("--policy", policy, "-o", "json", write("bad.yaml", BAD_POD));
      assertThat(r.code()).isZero();
      assertThat(r.json().at("/findings/0/action").asText()).isEqualTo("warn");
    }

    @Test
    @DisplayName(
        "2 for an unknown option, an unknown format, no PATH, or --context without --kubeconfig")
    void usage() throws IOException {
      String ok = write("ok.yaml", GOOD_POD);
      assertThat(probe("--frobnicate", ok))
          .satisfies(
              r -> {
                assertThat(r.code()).isEqualTo(2);
                assertThat(r.err()).contains("Unknown option: '--frobnicate'");
              });
      assertThat(probe("-o", "xml", ok))
          .satisfies(
              r -> {
                assertThat(r.code()).isEqualTo(2);
                assertThat(r.err()).contains("unknown output format \"xml\"");
              });
      assertThat(probe("-o", "markdown", ok).code()).isEqualTo(2);
      assertThat(probe())
          .satisfies(
              r -> {
                assertThat(r.code()).isEqualTo(2);
                assertThat(r.err()).contains("missing PATH");
              });
      assertThat(probe("--context", "kind", ok).err()).contains("--context needs --kubeconfig");
    }

    @Test
    @DisplayName(
        "--kubeconfig with an unknown context, or an unreachable cluster, is a usage error (exit 2)")
    void kubeconfig() throws IOException {
      Result r =
          probe(
              "--kubeconfig",
              write("kubeconfig", "apiVersion: v1\n"),
              "--context",
              "dev",
              write("ok.yaml", GOOD_POD));
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("context \"dev\" is not defined in the kubeconfig");
      String unreachable =
          "apiVersion: v1\nkind: Config\ncurrent-context: dead\n"
              + "clusters: [{name: dead, cluster: {server: 'https://127.0.0.1:1'}}]\n"
              + "contexts: [{name: dead, context: {cluster: dead, user: u}}]\nusers: [{name: u, user: {token: t}}]\n";
      Result dead =
          probe("--kubeconfig", write("dead-kubeconfig", unreachable), write("ok2.yaml", GOOD_POD));
      assertThat(dead.code()).isEqualTo(2);
      assertThat(dead.err()).contains("cannot read cluster state");
    }

    @Test
    @DisplayName("binary and non-UTF-8 files are refused with a clear message")
    void binary() throws IOException {
      Path bin = tmp.resolve("image.yaml");
      Files.write(bin, new byte[] {'a', 0, 1, 2});
      assertThat(probe(bin.toString()))
          .satisfies(
              r -> {
                assertThat(r.code()).isEqualTo(2);
                assertThat(r.err()).contains("image.yaml: binary content");
              });
      Path latin1 = tmp.resolve("latin1.yaml");
      Files.write(latin1, "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(probe(latin1.toString()).err()).contains("latin1.yaml: not UTF-8 text");
    }

    @Test
    @DisplayName("--help and --version print on stdout and exit 0")
    void help() {
      Result h = probe("--help");
      assertThat(h.code()).isZero();
      assertThat(h.out())
          .contains(
              "check [options] PATH...",
              "--output=FORMAT",
              "--cluster-state=PATH",
              "--strict-references",
              "--list-rules",
              "Exit codes:");
      Result v = probe("--version");
      assertThat(v.code()).isZero();
      assertThat(v.out()).startsWith("manifest-guard ");
    }
  }

  @Nested
  @DisplayName("json output")
  class Json {
    @Test
    @DisplayName("has exactly the documented fields, and line/column point at the offending value")
    void shape() throws IOException {
      String file = write("bad.yaml", BAD_POD);
      Result r = probe("-o", "json", file);
      assertThat(r.code()).isEqualTo(1);
      JsonNode root = r.json();
      assertThat(names(root)).containsExactly("findings", "summary");
      assertThat(names(root.get("summary")))
          .containsExactly("denied", "files", "objects", "suppressed", "warnings");
      assertThat(root.get("summary").toString())
          .isEqualTo("{\"files\":1,\"objects\":1,\"denied\":1,\"warnings\":0,\"suppressed\":0}");
      JsonNode f = root.at("/findings/0");
      assertThat(names(f))
          .containsExactlyInAnyOrder(
              "rule",
              "action",
              "category",
              "file",
              "line",
              "column",
              "apiVersion",
              "kind",
              "namespace",
              "name",
              "path",
              "message");
      assertThat(f.get("rule").asText()).isEqualTo("cli-probe-image");
      assertThat(f.get("action").asText()).isEqualTo("deny");
      assertThat(f.get("category").asText()).isEqualTo("security");
      assertThat(f.get("file").asText()).isEqualTo(file);
      assertThat(f.get("apiVersion").asText()).isEqualTo("v1");
      assertThat(f.get("kind").asText()).isEqualTo("Pod");
      assertThat(f.get("namespace").asText()).isEqualTo("shop");
      assertThat(f.get("name").asText()).isEqualTo("web");
      assertThat(f.get("path").asText()).isEqualTo("spec.containers[1].image");
      assertThat(f.get("message").asText()).isEqualTo("\"bad:2\" is bad; use a good image.");
      // line 11 is `      image:   "bad:2"`; the value starts at column 16
      assertThat(f.get("line").asInt()).isEqualTo(11);
      assertThat(f.get("column").asInt()).isEqualTo(16);
      assertThat(BAD_POD.lines().toList().get(10).substring(15)).startsWith("\"bad:2\"");
    }

    @Test
    @DisplayName(
        "namespace is \"default\" for namespaced kinds without one and \"\" for cluster-scoped kinds")
    void namespaces() {
      Result r = probe("-o", "json", TREE + "/app/roles.json", TREE + "/app/web.yaml");
      JsonNode findings = r.json().get("findings");
      assertThat(findings).hasSize(2);
      JsonNode role = findings.get(0);
      assertThat(role.get("kind").asText()).isEqualTo("ClusterRole");
      assertThat(role.get("namespace").asText()).isEmpty();
      assertThat(role.get("path").asText()).isEqualTo("metadata.annotations[probe/bad]");
      assertThat(role.get("line").asInt()).isEqualTo(7);
      assertThat(role.get("column").asInt()).isEqualTo(66); // the value "yes"
      JsonNode deploy = findings.get(1);
      assertThat(deploy.get("kind").asText()).isEqualTo("Deployment");
      assertThat(deploy.get("namespace").asText()).isEqualTo("default");
      assertThat(deploy.get("path").asText()).isEqualTo("spec.template.spec.containers[0].image");
      assertThat(deploy.get("line").asInt()).isEqualTo(10);
      assertThat(deploy.get("column").asInt()).isEqualTo(18);
    }

    @Test
    @DisplayName("audit findings (skip annotation) appear in json with action audit, not in text")
    void audit() throws IOException {
      String f =
          write(
              "skip.yaml",
              BAD_POD.replace(
                  "  namespace: shop\n",
                  "  namespace: shop\n  annotations:\n    manifest-guard.dev/skip: cli-probe-image\n"));
      Result json = probe("-o", "json", f);
      assertThat(json.code()).isZero();
      assertThat(json.json().at("/findings/0/action").asText()).isEqualTo("audit");
      Result text = probe(f);
      assertThat(text.out()).isEqualTo("1 file, 1 object: 0 denied, 0 warnings, 1 suppressed\n");
    }
  }

  @Nested
  @DisplayName("input")
  class Input {
    @Test
    @DisplayName("multi-document YAML and List kinds are split into objects")
    void split() throws IOException {
      String f =
          write(
              "multi.yaml",
              GOOD_POD
                  + "---\n"
                  + BAD_POD
                  + "---\n"
                  + "apiVersion: v1\nkind: List\nitems:\n"
                  + "- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n"
                  + "- apiVersion: v1\n  kind: Pod\n  metadata: {name: listed}\n  spec:\n    containers:\n"
                  + "    - {name: c, image: bad:3}\n");
      Result r = probe("-o", "json", f);
      assertThat(r.json().get("summary").get("objects").asInt()).isEqualTo(4);
      assertThat(r.json().get("summary").get("denied").asInt()).isEqualTo(2);
      JsonNode listed = r.json().at("/findings/1");
      assertThat(listed.get("name").asText()).isEqualTo("listed");
      assertThat(listed.get("path").asText()).isEqualTo("spec.containers[0].image");
      assertThat(listed.get("line").asInt()).isEqualTo(31); // `    - {name: c, image: bad:3}`
      assertThat(listed.get("column").asInt()).isEqualTo(24);
    }

    @Test
    @DisplayName("- reads standard input, named - in the output")
    void stdin() {
      Result r = run(ProbeRules.registry(), BAD_POD, "-o", "json", "-");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.json().at("/findings/0/file").asText()).isEqualTo("-");
      assertThat(r.json().at("/findings/0/line").asInt()).isEqualTo(11);
      Result json =
          run(
              ProbeRules.registry(),
              "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"j\"},"
                  + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"bad\"}]}}",
              "-o",
              "json",
              "-");
      assertThat(json.json().at("/findings/0/column").asInt()).isEqualTo(99); // the value "bad"
    }

    @Test
    @DisplayName(
        "directories are walked recursively in sorted order, only *.yaml, *.yml and *.json, names stay relative")
    void directory() {
      Result r = probe("-o", "json", TREE);
      assertThat(r.code()).isEqualTo(1);
      JsonNode summary = r.json().get("summary");
      assertThat(summary.get("files").asInt())
          .isEqualTo(4); // a-first.yml, app/roles.json, app/web.yaml, blank.yaml
      assertThat(summary.get("objects").asInt()).isEqualTo(5);
      List<String> files = new ArrayList<>();
      r.json().get("findings").forEach(f -> files.add(f.get("file").asText()));
      assertThat(files).containsExactly(TREE + "/app/roles.json", TREE + "/app/web.yaml");
      Result text = probe(TREE);
      assertThat(text.out())
          .startsWith(
              TREE
                  + "/app/roles.json:7:66: warn [cli-probe-annotation] ClusterRole reader "
                  + "metadata.annotations[probe/bad]: the probe annotation is set; remove it.\n"
                  + TREE
                  + "/app/web.yaml:10:18: deny [cli-probe-image] Deployment default/web "
                  + "spec.template.spec.containers[0].image: \"registry.example/bad:1\" is bad; use a good image.\n");
      assertThat(text.out()).endsWith("4 files, 5 objects: 1 denied, 1 warning\n");
    }

    @Test
    @DisplayName("a directory without manifests is not an error")
    void emptyDirectory() throws IOException {
      Files.createDirectories(tmp.resolve("nothing/deeper"));
      Files.writeString(tmp.resolve("nothing/deeper/readme.md"), "# hi\n");
      Result r = probe(tmp.resolve("nothing").toString());
      assertThat(r.code()).isZero();
      assertThat(r.out()).isEqualTo("0 files, 0 objects: 0 denied, 0 warnings\n");
    }

    @Test
    @DisplayName(
        "an unparseable file is a deny with line and column, and the other files are still checked")
    void unparseable() throws IOException {
      String broken =
          write("a-broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n spec: {}\n");
      String bad = write("b-bad.yaml", BAD_POD);
      Result r = probe("-o", "json", broken, bad);
      assertThat(r.code()).isEqualTo(1);
      JsonNode root = r.json();
      assertThat(root.get("summary").toString())
          .isEqualTo("{\"files\":2,\"objects\":1,\"denied\":2,\"warnings\":0,\"suppressed\":0}");
      JsonNode u = root.at("/findings/0");
      assertThat(u.get("rule").asText()).isEqualTo("manifest-unparseable");
      assertThat(u.get("action").asText()).isEqualTo("deny");
      assertThat(u.get("category").asText()).isEqualTo("schema");
      assertThat(u.get("file").asText()).isEqualTo(broken);
      assertThat(u.get("line").asInt()).isEqualTo(5);
      assertThat(u.get("column").asInt()).isEqualTo(2);
      assertThat(root.at("/findings/1/rule").asText()).isEqualTo("cli-probe-image");

      Result text = probe(broken);
      assertThat(text.code()).isEqualTo(1);
      assertThat(text.out())
          .startsWith(broken + ":5:2: deny [manifest-unparseable] line 5, column 2: ");
    }

    @Test
    @DisplayName(
        "--cluster-state objects are loaded for references but not themselves checked; --strict-references turns unknown into absent")
    void clusterState() throws IOException {
      String app =
          write(
              "app.yaml",
              "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n"
                  + "    probe/configmap: settings\nspec:\n  containers: [{name: c, image: ok}]\n");
      String state =
          write(
              "state/cm.yaml",
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n"
                  + "  annotations: {probe/bad: x}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: s}\n"
                  + "spec: {containers: [{name: c, image: bad}]}\n");
      // no cluster knowledge: the reference is unknown, not reported
      assertThat(probe(app).out()).isEqualTo("1 file, 1 object: 0 denied, 0 warnings\n");
      // strict: absent
      Result strict = probe("--strict-references", "-o", "json", app);
      assertThat(strict.code()).isEqualTo(1);
      assertThat(strict.json().at("/findings/0/rule").asText()).isEqualTo("cli-probe-reference");
      assertThat(strict.json().at("/findings/0/line").asInt()).isEqualTo(6);
      // strict, but the cluster state has it: present; the state's own problems are not reported
      Result known =
          probe("--strict-references", "--cluster-state", tmp.resolve("state").toString(), app);
      assertThat(known.code()).isZero();
      assertThat(known.out()).isEqualTo("1 file, 1 object: 0 denied, 0 warnings\n");
      // repeatable
      Result twice =
          probe("--cluster-state", state, "--cluster-state", state, "--strict-references", app);
      assertThat(twice.code()).isZero();
    }

    @Test
    @DisplayName("a --cluster-state file that cannot be read is a usage error")
    void badClusterState() throws IOException {
      String app = write("app.yaml", GOOD_POD);
      Result r = probe("--cluster-state", write("state.yaml", "a: [\n"), app);
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("--cluster-state").contains("state.yaml: line ");
      assertThat(probe("--cluster-state", "nowhere.yaml", app).err())
          .contains("nowhere.yaml: no such file");
    }
  }

  @Nested
  @DisplayName("sarif output")
  class Sarif {
    @Test
    @DisplayName("is SARIF 2.1.0 with the catalogue as rules and one result per finding")
    void structure() throws IOException {
      String broken = write("broken.yaml", "a: [\n");
      Result r = probe("-o", "sarif", TREE + "/app", broken);
      assertThat(r.code()).isEqualTo(1);
      JsonNode root = r.json();
      assertThat(root.get("$schema").asText()).contains("sarif-2.1.0");
      assertThat(root.get("version").asText()).isEqualTo("2.1.0");
      assertThat(root.get("runs")).hasSize(1);
      JsonNode driver = root.at("/runs/0/tool/driver");
      assertThat(driver.get("name").asText()).isEqualTo("manifest-guard");
      JsonNode rules = driver.get("rules");
      assertThat(rules).hasSize(4);
      Set<String> ids = new TreeSet<>();
      for (JsonNode rule : rules) {
        ids.add(rule.get("id").asText());
        assertThat(rule.get("name").asText()).matches("[A-Z][A-Za-z0-9]+");
        assertThat(rule.at("/shortDescription/text").asText()).isNotBlank();
        assertThat(rule.at("/fullDescription/text").asText()).isNotBlank();
        assertThat(rule.at("/help/text").asText()).endsWith(".");
        assertThat(rule.at("/help/markdown").asText()).isNotBlank();
        assertThat(rule.at("/defaultConfiguration/level").asText())
            .isIn("error", "warning", "note", "none");
        assertThat(rule.at("/properties/category").asText()).isNotBlank();
      }
      assertThat(ids).contains("cli-probe-image", "manifest-unparseable");
      JsonNode results = root.at("/runs/0/results");
      assertThat(results).hasSize(3);
      for (JsonNode res : results) {
        int idx = res.get("ruleIndex").asInt();
        assertThat(rules.get(idx).get("id").asText()).isEqualTo(res.get("ruleId").asText());
        assertThat(res.get("level").asText()).isIn("error", "warning", "note");
        assertThat(res.at("/message/text").asText()).isNotBlank();
        JsonNode loc = res.at("/locations/0/physicalLocation");
        assertThat(loc.at("/artifactLocation/uri").asText())
            .doesNotContain("\\")
            .doesNotStartWith("./");
        assertThat(loc.at("/region/startLine").asInt()).isGreaterThanOrEqualTo(1);
      }
      JsonNode deny = results.get(1);
      assertThat(deny.get("ruleId").asText()).isEqualTo("cli-probe-image");
      assertThat(deny.get("level").asText()).isEqualTo("error");
      assertThat(deny.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
          .isEqualTo(TREE + "/app/web.yaml");
      assertThat(deny.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(10);
      assertThat(deny.at("/locations/0/physicalLocation/region/startColumn").asInt()).isEqualTo(18);
      assertThat(deny.at("/message/text").asText())
          .isEqualTo(
              "Deployment default/web spec.template.spec.containers[0].image: \"registry.example/bad:1\" "
                  + "is bad; use a good image.");
      assertThat(results.get(0).get("level").asText()).isEqualTo("warning");
      // an absolute path below the working directory becomes relative
      assertThat(results.get(2).at("/locations/0/physicalLocation/artifactLocation/uri").asText())
          .isEqualTo(SarifReporter.uri(broken))
          .doesNotStartWith("/");
    }

    @Test
    @DisplayName("artifact URIs are relative, forward-slashed and percent-encoded")
    void uris() {
      assertThat(SarifReporter.uri("./k8s/my app.yaml")).isEqualTo("k8s/my%20app.yaml");
      assertThat(SarifReporter.uri("k8s\\win.yaml")).isEqualTo("k8s/win.yaml");
      assertThat(SarifReporter.uri(Path.of("").toAbsolutePath().resolve("x/y.yaml").toString()))
          .isEqualTo("x/y.yaml");
      assertThat(SarifReporter.uri("/elsewhere/z.yaml")).isEqualTo("file:///elsewhere/z.yaml");
      assertThat(SarifReporter.uri("a:b.yaml")).isEqualTo("a%3Ab.yaml");
    }
  }

  @Nested
  @DisplayName("junit output")
  class Junit {
    @Test
    @DisplayName(
        "one test case per object, failures for deny, warnings in system-out, consistent counts")
    void structure() throws Exception {
      String broken = write("broken.yaml", "a: [\n");
      Result r = probe("-o", "junit", TREE, broken);
      assertThat(r.code()).isEqualTo(1);
      Document doc =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
      Element root = doc.getDocumentElement();
      assertThat(root.getTagName()).isEqualTo("testsuites");
      assertThat(root.getAttribute("tests")).isEqualTo("6");
      assertThat(root.getAttribute("failures")).isEqualTo("2");
      NodeList suites = root.getElementsByTagName("testsuite");
      assertThat(suites.getLength()).isEqualTo(5);
      int tests = 0;
      int failures = 0;
      for (int i = 0; i < suites.getLength(); i++) {
        Element s = (Element) suites.item(i);
        NodeList cases = s.getElementsByTagName("testcase");
        int f = 0;
        for (int j = 0; j < cases.getLength(); j++) {
          Element c = (Element) cases.item(j);
          assertThat(c.getAttribute("classname")).isEqualTo(s.getAttribute("name"));
          f += c.getElementsByTagName("failure").getLength();
        }
        assertThat(s.getAttribute("tests")).isEqualTo(String.valueOf(cases.getLength()));
        assertThat(s.getAttribute("failures")).isEqualTo(String.valueOf(f));
        tests += cases.getLength();
        failures += f;
      }
      assertThat(tests).isEqualTo(6);
      assertThat(failures).isEqualTo(2);
      Element deploy = testcase(doc, "Deployment default/web");
      assertThat(deploy.getAttribute("classname")).isEqualTo(TREE + "/app/web.yaml");
      Element failure = (Element) deploy.getElementsByTagName("failure").item(0);
      assertThat(failure.getAttribute("message"))
          .startsWith(
              "1 deny finding: 10:18: [cli-probe-image] "
                  + "spec.template.spec.containers[0].image: ");
      Element role = testcase(doc, "ClusterRole reader");
      assertThat(role.getElementsByTagName("failure").getLength()).isZero();
      assertThat(role.getElementsByTagName("system-out").item(0).getTextContent())
          .contains("[cli-probe-annotation] metadata.annotations[probe/bad]");
      Element unparseable = testcase(doc, "(unparseable)");
      assertThat(unparseable.getAttribute("classname")).isEqualTo(broken);
      assertThat(unparseable.getElementsByTagName("failure").getLength()).isEqualTo(1);
      assertThat(testcase(doc, "Service shop/web").getChildNodes().getLength()).isZero();
    }

    private Element testcase(Document doc, String name) {
      NodeList all = doc.getElementsByTagName("testcase");
      for (int i = 0; i < all.getLength(); i++) {
        Element e = (Element) all.item(i);
        if (e.getAttribute("name").equals(name)) {
          return e;
        }
      }
      throw new AssertionError("no testcase " + name);
    }

    @Test
    @DisplayName("characters XML cannot carry are replaced, markup is escaped")
    void escaping() {
      assertThat(JunitReporter.escape("a<b>&\"c\u0001", true))
          .isEqualTo("a&lt;b&gt;&amp;&quot;c\uFFFD");
    }
  }

  @Nested
  @DisplayName("--list-rules")
  class ListRules {
    @Test
    @DisplayName("text: a table sorted by category order, then id")
    void text() {
      Result r = probe("--list-rules");
      assertThat(r.code()).isZero();
      List<String> lines = r.out().lines().toList();
      assertThat(lines.get(0)).startsWith("ID").contains("CATEGORY", "DEFAULT", "SUMMARY");
      assertThat(lines.get(1)).startsWith("cli-probe-reference").contains("storage", "deny*");
      assertThat(lines.get(2)).startsWith("cli-probe-image");
      assertThat(lines.get(3)).startsWith("cli-probe-annotation");
      assertThat(lines.get(4)).startsWith("manifest-unparseable");
    }

    @Test
    @DisplayName(
        "json: an array of id, category, defaultAction, reference, kinds, summary, remediation")
    void json() {
      Result r = probe("--list-rules", "-o", "json");
      assertThat(r.code()).isZero();
      JsonNode arr = r.json();
      assertThat(arr.isArray()).isTrue();
      assertThat(arr).hasSize(4);
      JsonNode first = arr.get(0);
      assertThat(names(first))
          .containsExactlyInAnyOrder(
              "id", "category", "defaultAction", "reference", "kinds", "summary", "remediation");
      assertThat(first.get("id").asText()).isEqualTo("cli-probe-reference");
      assertThat(first.get("reference").asBoolean()).isTrue();
      assertThat(first.get("kinds").get(0).asText()).isEqualTo("*");
      assertThat(arr.get(3).get("defaultAction").asText()).isEqualTo("deny");
    }

    @Test
    @DisplayName("markdown: the README table, pipes escaped")
    void markdown() {
      Result r = probe("--list-rules", "-o", "markdown");
      assertThat(r.code()).isZero();
      assertThat(r.out())
          .isEqualTo(
              """
          | id | category | default | summary | remediation |
          |---|---|---|---|---|
          | `cli-probe-reference` | storage | deny | A ConfigMap named by probe/configmap that does not exist. | Create the ConfigMap. |
          | `cli-probe-image` | security | deny | A container image named bad. | Use a good image. |
          | `cli-probe-annotation` | reliability | warn | An annotation probe/bad \\| with a pipe. | Remove the annotation. |
          | `manifest-unparseable` | schema | deny | A file that is not valid YAML or JSON, or a mapping with a key twice, reported with file, line and column. | Fix the syntax at the reported line and column; the other files are still checked. |
          """);
    }

    @Test
    @DisplayName("other formats and paths are usage errors")
    void errors() {
      assertThat(probe("--list-rules", "-o", "sarif").code()).isEqualTo(2);
      assertThat(probe("--list-rules", "x.yaml").code()).isEqualTo(2);
    }

    @Test
    @DisplayName("the real catalogue lists every registered rule")
    void realCatalogue() {
      Result r = real("--list-rules", "-o", "json");
      assertThat(r.code()).isZero();
      assertThat(r.json().size()).isEqualTo(AllRules.registry().ids().size());
    }
  }

  static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    out.sort(null);
    return out;
  }
}
