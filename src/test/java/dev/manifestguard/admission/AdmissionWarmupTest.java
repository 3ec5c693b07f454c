package dev.manifestguard.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.manifestguard.webhook.Warmup;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdmissionWarmupTest {
  @Inject AdmissionWarmup warmup;
  @Inject AdmissionHandler handler;
  @Inject MeterRegistry meters;

  private static final Map<String, Boolean> ALLOWED =
      Map.of(
          "deployment-5c", true,
          "deployment-update", true,
          "pod-privileged", false,
          "rollout-negative-memory", false,
          "pvc", true,
          "rolebinding", true);

  @Inject Warmup ready;

  @Test
  @DisplayName(
      "readiness reports the warm-up as done once the webhook has started; the sent answer releases "
          + "the TLS warm-up")
  void readyAfterWarmup() throws InterruptedException {
    String body = given().get("/q/health/ready").then().statusCode(200).extract().asString();
    assertThat(body).contains("\"warmedUp\": true");
    assertThat(ready.awaitReportedReady(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  @DisplayName("each synthetic review gets the answer /validate gives it, allowed or denied")
  void syntheticReviewsAreJudged() throws IOException {
    assertThat(ALLOWED.keySet()).containsExactlyInAnyOrderElementsOf(AdmissionWarmup.REVIEWS);
    for (String name : AdmissionWarmup.REVIEWS) {
      byte[] body;
      try (InputStream in = getClass().getResourceAsStream("/warmup/" + name + ".json")) {
        body = in.readAllBytes();
      }
      AdmissionHandler.Answer answer = handler.rehearse(body);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body().path("response").path("allowed").asBoolean())
          .as(name)
          .isEqualTo(ALLOWED.get(name));
      // With no cluster (as in tests), the same answer as /validate gives, warnings and all.
      assertThat(answer.body().path("response"))
          .as("%s as /validate answers it", name)
          .isEqualTo(Reviews.verdict(new String(body, StandardCharsets.UTF_8)));
    }
  }

  @Test
  @DisplayName("the warm-up answers its rounds of reviews and counts nothing in the metrics")
  void noSideEffects() {
    double requests = count("manifest_guard.admission.requests");
    double findings = count("manifest_guard.findings");
    int answered = warmup.run();
    assertThat(answered).isPositive().isEqualTo(answered / 6 * 6);
    assertThat(count("manifest_guard.admission.requests")).isEqualTo(requests);
    assertThat(count("manifest_guard.findings")).isEqualTo(findings);
  }

  private double count(String name) {
    return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }
}
