package dev.manifestguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Verdicts under the default policy, with the resource rules as the denying rules. */
@QuarkusTest
class VerdictsTest {
  static final String NEGATIVE_CPU =
      "[resource-quantity-negative] spec.template.spec.containers[0].resources.requests"
          + ".cpu: \"-500m\" is negative; set a positive quantity such as 500m.";

  /** The rule's docs link that ends each deny line (default base of application.properties). */
  static final String NEGATIVE_DOCS =
      " https://github.com/manifest-guard/manifest-guard/blob/main/src/main/resources/rules/"
          + "resource-quantity-negative.md";

  static List<String> warnings(JsonNode response) {
    List<String> out = new ArrayList<>();
    response.path("warnings").forEach(w -> out.add(w.asText()));
    return out;
  }

  @Nested
  @DisplayName("when a rule denies")
  class Denied {
    @Test
    @DisplayName(
        "Argo Rollout with a negative cpu request is denied with a message naming the rule and the field")
    void rolloutNegativeCpu() {
      JsonNode response = Reviews.verdict(Reviews.own("rollout-negative-cpu.json"));
      assertThat(response.path("allowed").asBoolean()).isFalse();
      assertThat(response.path("status").path("code").asInt()).isEqualTo(403);
      assertThat(response.path("status").path("reason").asText()).isEqualTo("Forbidden");
      String message = response.path("status").path("message").asText();
      assertThat(message)
          .contains("resource-quantity-negative")
          .contains("spec.template.spec.containers[0].resources.requests.cpu");
      assertThat(response.path("auditAnnotations").path("findings").asText())
          .isEqualTo("resource-quantity-negative");
    }

    @Test
    @DisplayName("the deny message is a header line then one line per problem")
    void denyMessageFormat() {
      assertThat(
              Reviews.verdict(Reviews.own("rollout-negative-cpu.json"))
                  .path("status")
                  .path("message")
                  .asText())
          .isEqualTo(
              "manifest-guard denied Rollout shop/web: 1 problem\n- "
                  + NEGATIVE_CPU
                  + NEGATIVE_DOCS);
      String two =
          Reviews.verdict(Reviews.own("rollout-two-problems.json"))
              .path("status")
              .path("message")
              .asText();
      assertThat(two.split("\n"))
          .containsExactly(
              "manifest-guard denied Rollout shop/two: 2 problems",
              "- " + NEGATIVE_CPU + NEGATIVE_DOCS,
              "- [resource-quantity-negative] spec.template.spec.containers[0].resources.limits.memory: \"-1Gi\" is "
                  + "negative; set a positive quantity such as 1Gi."
                  + NEGATIVE_DOCS);
    }

    @Test
    @DisplayName("v1beta1 in gives v1beta1 out, with the same verdict")
    void v1beta1() {
      String body = Reviews.own("rollout-negative-cpu-v1beta1.json");
      JsonNode response = Reviews.verdict(body);
      assertThat(response.path("allowed").asBoolean()).isFalse();
      assertThat(response.path("uid").asText()).isEqualTo("11111111-0000-0000-0000-000000000002");
      assertThat(Reviews.tree(Reviews.post(body).asString()).path("apiVersion").asText())
          .isEqualTo("admission.k8s.io/v1beta1");
    }

    @Test
    @DisplayName("a dry-run request is judged like any other (the rule is not a reference rule)")
    void dryRun() {
      JsonNode response = Reviews.verdict(Reviews.own("rollout-negative-dry-run.json"));
      assertThat(response.path("allowed").asBoolean()).isFalse();
    }

    @Test
    @DisplayName("an UPDATE that introduces the problem is denied")
    void updateNewProblem() {
      assertThat(
              Reviews.verdict(Reviews.own("rollout-update-new-problem.json"))
                  .path("allowed")
                  .asBoolean())
          .isFalse();
    }

    @Test
    @DisplayName(
        "an object's own namespace wins over the request's; a namespace-less request still names it")
    void ownNamespace() {
      assertThat(
              Reviews.verdict(Reviews.own("rollout-negative-own-namespace.json"))
                  .path("status")
                  .path("message")
                  .asText())
          .startsWith("manifest-guard denied Rollout team-a/tenant: 1 problem");
    }
  }

  @Nested
  @DisplayName("when the problem is excused")
  class Excused {
    @Test
    @DisplayName(
        "an UPDATE of an object that already had the problem is allowed with a warning (ratcheting)")
    void ratchet() {
      JsonNode response = Reviews.verdict(Reviews.own("rollout-update-ratchet.json"));
      assertThat(response.path("allowed").asBoolean()).isTrue();
      // 144 characters plus the 114 of the link would pass the 256-character budget: no link.
      assertThat(warnings(response)).containsExactly(NEGATIVE_CPU);
      assertThat(response.has("status")).isFalse();
    }

    @Test
    @DisplayName("an object being deleted is never denied")
    void deleting() {
      JsonNode response = Reviews.verdict(Reviews.own("rollout-deleting.json"));
      assertThat(response.path("allowed").asBoolean()).isTrue();
      assertThat(warnings(response)).hasSize(1);
    }

    @Test
    @DisplayName(
        "the skip annotation turns the finding into audit: allowed, no warning, named in the audit annotation")
    void skipAnnotation() {
      JsonNode response = Reviews.verdict(Reviews.own("rollout-skip-annotation.json"));
      assertThat(response.path("allowed").asBoolean()).isTrue();
      assertThat(response.has("warnings")).isFalse();
      assertThat(response.path("auditAnnotations").path("findings").asText())
          .isEqualTo("resource-quantity-negative");
      assertThat(io.restassured.RestAssured.get("/q/metrics").asString())
          .contains("manifest_guard_skipped_findings_total{rule=\"resource-quantity-negative\"}");
    }

    @Test
    @DisplayName("a request in an excluded namespace is allowed untouched")
    void excludedNamespace() {
      JsonNode response = Reviews.verdict(Reviews.own("rollout-negative-excluded-namespace.json"));
      assertThat(response.path("allowed").asBoolean()).isTrue();
      assertThat(response.has("warnings")).isFalse();
      assertThat(response.has("auditAnnotations")).isFalse();
    }
  }

  @Test
  @DisplayName("a clean Pod in a v1beta1 review is allowed with nothing attached")
  void cleanPodV1beta1() {
    JsonNode response = Reviews.verdict(Reviews.own("pod-create-v1beta1.json"));
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("status")).isFalse();
    assertThat(response.has("auditAnnotations")).isFalse();
  }

  @Test
  @DisplayName("30 denies give 30 deny lines but the message stays one response")
  void manyDenies() {
    JsonNode response = Reviews.verdict(Reviews.own("rollout-thirty-negative.json"));
    assertThat(response.path("status").path("message").asText().split("\n")).hasSize(31);
  }
}
