package dev.manifestguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.model.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The answer builder on its own: formats and limits, without a server. */
class AdmissionResponsesTest {
  static final ObjectRef REF = new ObjectRef("apps/v1", "Deployment", "shop", "web");

  static IncomingReview review(String apiVersion) {
    return new IncomingReview(
        apiVersion,
        "uid-1",
        "CREATE",
        "Deployment",
        "",
        "shop",
        "web",
        "alice",
        false,
        Reviews.JSON.createObjectNode(),
        null);
  }

  static Finding finding(String rule, Action action, String path, String message) {
    return new Finding(rule, Category.RESOURCES, action, REF, path, message, null);
  }

  @Test
  @DisplayName("each warning is cut under 256 characters")
  void warningLength() {
    String longMessage = "x".repeat(400);
    JsonNode r =
        AdmissionResponses.verdict(
                review(IncomingReview.V1),
                "Deployment shop/web",
                List.of(finding("resource-limits-missing", Action.WARN, "spec.a", longMessage)))
            .path("response");
    String w = r.path("warnings").get(0).asText();
    assertThat(w)
        .hasSizeLessThan(256)
        .startsWith("[resource-limits-missing] spec.a: xxx")
        .endsWith("...");
    assertThat(AdmissionResponses.cut("ab\uD83D\uDE00\uD83D\uDE00cd", 6)).isEqualTo("ab...");
  }

  @Test
  @DisplayName("at most 20 warnings, then one line counting the rest")
  void warningCount() {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 27; i++) {
      findings.add(
          finding(
              "resource-requests-missing", Action.WARN, "spec.containers[" + i + "]", "short."));
    }
    JsonNode w =
        AdmissionResponses.verdict(review(IncomingReview.V1), "Deployment shop/web", findings)
            .path("response")
            .path("warnings");
    assertThat(w).hasSize(21);
    assertThat(w.get(19).asText())
        .isEqualTo("[resource-requests-missing] spec.containers[19]: short.");
    assertThat(w.get(20).asText()).isEqualTo("... and 7 more warnings");
  }

  @Test
  @DisplayName("long warnings stop before about 4 KiB in total, still with the summary line")
  void warningTotal() {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      findings.add(finding("resource-requests-missing", Action.WARN, "p", "y".repeat(300)));
    }
    List<String> w = new ArrayList<>();
    AdmissionResponses.verdict(review(IncomingReview.V1), "s", findings)
        .path("response")
        .path("warnings")
        .forEach(n -> w.add(n.asText()));
    assertThat(String.join("", w).length()).isLessThan(4096);
    assertThat(w.get(w.size() - 1)).matches("\\.\\.\\. and \\d+ more warnings");
  }

  @Test
  @DisplayName(
      "a deny: 403 Forbidden, header line, one line per deny; warns still in warnings; audit only annotated")
  void deny() {
    JsonNode review =
        AdmissionResponses.verdict(
            review(IncomingReview.V1BETA1),
            "Deployment shop/web",
            List.of(
                finding("resource-quantity-negative", Action.DENY, "spec.x", "bad."),
                finding("resource-limits-missing", Action.WARN, "spec.y", "meh."),
                finding("rbac-wildcard", Action.AUDIT, "rules[0]", "secret value.")));
    assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1beta1");
    assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
    JsonNode r = review.path("response");
    assertThat(r.path("uid").asText()).isEqualTo("uid-1");
    assertThat(r.path("allowed").asBoolean()).isFalse();
    assertThat(r.path("status").path("code").asInt()).isEqualTo(403);
    assertThat(r.path("status").path("reason").asText()).isEqualTo("Forbidden");
    assertThat(r.path("status").path("message").asText())
        .isEqualTo(
            "manifest-guard denied Deployment shop/web: 1 problem\n- [resource-quantity-negative] spec.x: bad.");
    assertThat(r.path("warnings").get(0).asText())
        .isEqualTo("[resource-limits-missing] spec.y: meh.");
    assertThat(r.path("warnings")).hasSize(1);
    assertThat(r.path("auditAnnotations").path("findings").asText())
        .isEqualTo("resource-quantity-negative,resource-limits-missing,rbac-wildcard");
    assertThat(r.toString()).doesNotContain("secret value");
  }

  @Test
  @DisplayName("cluster-scoped objects are named Kind name")
  void clusterScopedSubject() {
    IncomingReview in =
        new IncomingReview(
            IncomingReview.V1,
            "u",
            "CREATE",
            "ClusterRole",
            "",
            "",
            "admin2",
            "a",
            false,
            null,
            null);
    assertThat(
            AdmissionHandler.subject(
                new ObjectRef("rbac.authorization.k8s.io/v1", "ClusterRole", "", "admin2"), in))
        .isEqualTo("ClusterRole admin2");
    assertThat(
            AdmissionHandler.subject(
                new ObjectRef("v1", "Pod", "shop", ""),
                new IncomingReview(
                    IncomingReview.V1,
                    "u",
                    "CREATE",
                    "Pod",
                    "",
                    "shop",
                    "",
                    "a",
                    false,
                    null,
                    null)))
        .isEqualTo("Pod shop/(unnamed)");
  }

  @Test
  @DisplayName("an allowed answer with no findings carries only uid and allowed")
  void allowedPlain() {
    JsonNode r =
        AdmissionResponses.verdict(review(IncomingReview.V1), "s", List.of()).path("response");
    assertThat(r.size()).isEqualTo(2);
    assertThat(r.path("allowed").asBoolean()).isTrue();
  }
}
