package dev.manifestguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.cli.CheckCommandTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoped policy exemptions and the skip annotation on pod templates, through the real CLI. */
class ExemptionsCliTest {
  static final String RULE = "resource-quantity-negative";

  /** Two containers, each with a negative memory limit. */
  static String deployment(String templateAnnotations) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: node-exporter-eu
          namespace: monitoring
        spec:
          selector: {matchLabels: {app: x}}
          template:
            metadata:
              labels: {app: x}
        %s
            spec:
              containers:
              - name: app
                image: nginx:1.27
                resources: {limits: {memory: -512Mi}}
              - name: sidecar
                image: nginx:1.27
                resources: {limits: {memory: -1Gi}}
        """
        .formatted(templateAnnotations);
  }

  @TempDir Path tmp;

  String write(String name, String content) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, content);
    return p.toString();
  }

  static List<JsonNode> ofRule(JsonNode json) {
    List<JsonNode> out = new ArrayList<>();
    json.path("findings")
        .forEach(
            f -> {
              if (f.path("rule").asText().equals(RULE)) {
                out.add(f);
              }
            });
    return out;
  }

  String policy(String exemption) throws IOException {
    return write("policy.yaml", "exemptions:\n" + exemption);
  }

  @Test
  void containerScopedExemptionSuppressesOnlyThatContainer() throws IOException {
    String policy =
        policy(
            """
            - rules: [resource-quantity-negative]
              namespaces: [monitor*]
              kinds: [Deployment]
              names: [node-exporter*]
              containers: [app]
              reason: exporter limits are set by the operator
              expires: 2999-01-01
            """);
    Result r =
        CheckCommandTest.real("-o", "json", "--policy", policy, write("d.yaml", deployment("")));
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    List<JsonNode> f = ofRule(r.json());
    assertThat(f).hasSize(2);
    JsonNode app =
        f.stream().filter(n -> n.path("path").asText().contains("[0]")).findFirst().get();
    JsonNode sidecar =
        f.stream().filter(n -> n.path("path").asText().contains("[1]")).findFirst().get();
    assertThat(app.path("action").asText()).isEqualTo("audit");
    assertThat(app.path("suppression").path("reason").asText())
        .isEqualTo("exporter limits are set by the operator");
    assertThat(app.path("suppression").path("kind").asText()).isEqualTo("exemption");
    assertThat(sidecar.path("action").asText()).isEqualTo("deny");
    assertThat(sidecar.has("suppression")).isFalse();
    assertThat(r.json().path("summary").path("suppressed").asInt()).isEqualTo(1);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void exemptionOfEveryContainerClearsTheDenyAndShowsInSarif() throws IOException {
    String policy =
        policy(
            """
            - rules: [resource-quantity-negative]
              containers: ["*"]
              reason: tracked in OPS-12
            """);
    String file = write("d.yaml", deployment(""));
    Result json = CheckCommandTest.real("-o", "json", "--policy", policy, file);
    assertThat(ofRule(json.json()))
        .hasSize(2)
        .allSatisfy(n -> assertThat(n.path("action").asText()).isEqualTo("audit"));
    JsonNode sarif = CheckCommandTest.real("-o", "sarif", "--policy", policy, file).json();
    List<JsonNode> suppressions = new ArrayList<>();
    sarif
        .path("runs")
        .get(0)
        .path("results")
        .forEach(
            res -> {
              if (res.path("ruleId").asText().equals(RULE)) {
                suppressions.add(res.path("suppressions").get(0));
              }
            });
    assertThat(suppressions)
        .hasSize(2)
        .allSatisfy(
            s -> {
              assertThat(s.path("kind").asText()).isEqualTo("external");
              assertThat(s.path("justification").asText()).isEqualTo("tracked in OPS-12");
            });
    Result text = CheckCommandTest.real("--policy", policy, file);
    assertThat(text.out()).doesNotContain("[" + RULE + "]").contains("2 suppressed");
  }

  @Test
  void scopesThatDoNotMatchLeaveTheFinding() throws IOException {
    for (String scope :
        List.of(
            "namespaces: [prod]", "kinds: [StatefulSet]", "names: [web*]", "containers: [other]")) {
      String policy =
          policy("- rules: [" + RULE + "]\n  " + scope + "\n  reason: not this object\n");
      Result r =
          CheckCommandTest.real("-o", "json", "--policy", policy, write("d.yaml", deployment("")));
      assertThat(ofRule(r.json()))
          .as(scope)
          .allSatisfy(n -> assertThat(n.path("action").asText()).isEqualTo("deny"));
      assertThat(r.code()).as(scope).isEqualTo(1);
    }
  }

  @Test
  void anExpiredExemptionIsIgnoredWithAWarning() throws IOException {
    String policy =
        policy(
            """
            - rules: [all]
              reason: temporary
              expires: 2020-01-01
            """);
    Result r =
        CheckCommandTest.real("-o", "json", "--policy", policy, write("d.yaml", deployment("")));
    assertThat(r.code()).isEqualTo(1);
    assertThat(ofRule(r.json()))
        .allSatisfy(n -> assertThat(n.path("action").asText()).isEqualTo("deny"));
    assertThat(r.err())
        .contains("warning: policy file " + policy)
        .contains("exemptions[0] (temporary) expired on 2020-01-01 and is ignored");
  }

  @Test
  void anExemptionWithoutAReasonIsAPolicyError() throws IOException {
    String policy = policy("- rules: [" + RULE + "]\n  names: [x]\n");
    Result r = CheckCommandTest.real("--policy", policy, write("d.yaml", deployment("")));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("exemptions[0].reason: missing");
    Result unknown =
        CheckCommandTest.real(
            "--policy",
            policy("- rules: [resource-quantity-negativ]\n  reason: r\n"),
            write("d.yaml", deployment("")));
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("did you mean resource-quantity-negative");
  }

  @Test
  void theSkipAnnotationOnAPodTemplateIsHonoured() throws IOException {
    String annotations = "      annotations: {manifest-guard.dev/skip: \"" + RULE + "\"}";
    Result r = CheckCommandTest.real("-o", "json", write("d.yaml", deployment(annotations)));
    List<JsonNode> f = ofRule(r.json());
    assertThat(f)
        .hasSize(2)
        .allSatisfy(
            n -> {
              assertThat(n.path("action").asText()).isEqualTo("audit");
              assertThat(n.path("suppression").path("kind").asText()).isEqualTo("skip");
            });
  }
}
