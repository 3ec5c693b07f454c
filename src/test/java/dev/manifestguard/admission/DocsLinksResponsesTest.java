package dev.manifestguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.DocsLinks;
import dev.manifestguard.engine.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docs links at the end of deny lines and warnings, within the apiserver's warning budget. */
class DocsLinksResponsesTest {
  static final DocsLinks DOCS = DocsLinks.of("https://docs.example/rules/{id}");

  static JsonNode verdict(List<Finding> findings) {
    return AdmissionResponses.verdict(
            AdmissionResponsesTest.review(IncomingReview.V1), "Deployment shop/web", findings, DOCS)
        .path("response");
  }

  @Test
  void denyLinesAndShortWarningsEndWithTheRulePage() {
    JsonNode r =
        verdict(
            List.of(
                AdmissionResponsesTest.finding(
                    "resource-quantity-negative", Action.DENY, "spec.x", "bad."),
                AdmissionResponsesTest.finding(
                    "resource-limits-missing", Action.WARN, "spec.y", "meh.")));
    assertThat(r.path("status").path("message").asText())
        .isEqualTo(
            "manifest-guard denied Deployment shop/web: 1 problem\n"
                + "- [resource-quantity-negative] spec.x: bad."
                + " https://docs.example/rules/resource-quantity-negative");
    assertThat(r.path("warnings").get(0).asText())
        .isEqualTo(
            "[resource-limits-missing] spec.y: meh. https://docs.example/rules/resource-limits-missing");
  }

  @Test
  void aWarningThatWouldPassTheBudgetKeepsItsTextAndDropsTheLink() {
    String message = "m".repeat(200);
    JsonNode r =
        verdict(
            List.of(
                AdmissionResponsesTest.finding(
                    "resource-limits-missing", Action.WARN, "spec.y", message)));
    String w = r.path("warnings").get(0).asText();
    assertThat(w).isEqualTo("[resource-limits-missing] spec.y: " + message).hasSizeLessThan(256);
  }

  @Test
  void baseForms() {
    assertThat(DocsLinks.of(null).url("rbac-wildcard"))
        .isEqualTo(
            "https://github.com/manifest-guard/manifest-guard/blob/main/src/main/resources/rules/rbac-wildcard.md");
    assertThat(DocsLinks.of("https://x.example/docs").url("rbac-wildcard"))
        .isEqualTo("https://x.example/docs/rbac-wildcard.md");
    assertThat(DocsLinks.of("https://x.example/r/{id}.html").url("rbac-wildcard"))
        .isEqualTo("https://x.example/r/rbac-wildcard.html");
    assertThat(DocsLinks.of("off").url("rbac-wildcard")).isNull();
  }
}
