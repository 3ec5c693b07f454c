package dev.manifestguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.manifestguard.cluster.NoClusterState;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Adjustment;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Review;
import dev.manifestguard.engine.RuleEngine;
import dev.manifestguard.model.Manifest;
import dev.manifestguard.rules.AllRules;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy exemptions as the webhook applies them: the live policy of {@link PolicyHolder}, then the
 * engine on an admission review, as {@code AdmissionHandler} does.
 */
class ExemptionsWebhookTest {
  static final String RULE = "resource-quantity-negative";
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final RuleEngine ENGINE = new RuleEngine(AllRules.registry());

  static final String EXEMPT_APP =
      """
      exemptions:
      - rules: [resource-quantity-negative]
        namespaces: [monitoring]
        names: [node-exporter*]
        containers: [app]
        reason: exporter limits are set by the operator
      """;

  @TempDir Path dir;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  PolicyHolder holder(Path file) {
    return new PolicyHolder(file.toString(), Duration.ofHours(1), AllRules.registry(), meters);
  }

  static List<Finding> review(PolicyHolder h) throws Exception {
    return review(h, "");
  }

  static List<Finding> review(PolicyHolder h, String templateAnnotations) throws Exception {
    String yaml =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: node-exporter-eu}
        spec:
          selector: {matchLabels: {app: x}}
          template:
            metadata: {labels: {app: x}%s}
            spec:
              containers:
              - {name: app, image: "nginx:1.27", resources: {limits: {memory: -512Mi}}}
              - {name: sidecar, image: "nginx:1.27", resources: {limits: {memory: -1Gi}}}
        """
            .formatted(templateAnnotations);
    Manifest m = Manifest.of(YAML.readTree(yaml), "monitoring");
    return ENGINE
        .evaluate(Review.admission(m, null, false, "alice"), h.policy(), NoClusterState.INSTANCE)
        .stream()
        .filter(f -> f.rule().equals(RULE))
        .toList();
  }

  static Finding at(List<Finding> findings, String container) {
    return findings.stream().filter(f -> f.path().contains(container)).findFirst().orElseThrow();
  }

  void rewrite(Path file, String text, long ahead) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + ahead));
  }

  @Test
  void exemptionAppliesToItsContainerAndSurvivesABrokenReload() throws Exception {
    Path file = Files.writeString(dir.resolve("policy.yaml"), EXEMPT_APP);
    PolicyHolder h = holder(file);
    h.start(null);
    List<Finding> f = review(h);
    assertThat(f).hasSize(2);
    Finding app = at(f, "containers[0]");
    assertThat(app.action()).isEqualTo(Action.AUDIT);
    assertThat(app.adjustment()).isEqualTo(Adjustment.EXEMPTED);
    assertThat(app.suppression()).isEqualTo("exporter limits are set by the operator");
    assertThat(at(f, "containers[1]").action()).isEqualTo(Action.DENY);

    // an exemption without a reason is a policy error: the previous policy stays in force
    rewrite(
        file, EXEMPT_APP.replace("  reason: exporter limits are set by the operator\n", ""), 5000);
    h.poll();
    assertThat(
            meters.get("manifest_guard.policy.reloads").tag("result", "failure").counter().count())
        .isEqualTo(1.0);
    assertThat(at(review(h), "containers[0]").action()).isEqualTo(Action.AUDIT);

    // an expired exemption is ignored
    rewrite(file, EXEMPT_APP + "  expires: 2020-01-01\n", 10000);
    h.poll();
    assertThat(h.policy().exemptions()).hasSize(1);
    assertThat(review(h)).allSatisfy(x -> assertThat(x.action()).isEqualTo(Action.DENY));
    h.stop(null);
  }

  @Test
  void theSkipAnnotationOnThePodTemplateTurnsTheTemplatesFindingsIntoAudit() throws Exception {
    PolicyHolder h = holder(dir.resolve("none.yaml"));
    h.start(null);
    List<Finding> f =
        review(h, ", annotations: {manifest-guard.dev/skip: resource-quantity-negative}");
    assertThat(f)
        .hasSize(2)
        .allSatisfy(
            x -> {
              assertThat(x.action()).isEqualTo(Action.AUDIT);
              assertThat(x.adjustment()).isEqualTo(Adjustment.SKIPPED);
            });
    h.stop(null);
  }
}
