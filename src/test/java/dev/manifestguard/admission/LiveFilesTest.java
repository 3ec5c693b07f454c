package dev.manifestguard.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The policy file and the certificate are read from disk and reloaded when they change. */
@QuarkusTest
@TestProfile(LiveFilesProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveFilesTest {
  @TestHTTPResource(value = "/validate", tls = true)
  URL https;

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  static double reloads(String result) {
    Matcher m =
        Pattern.compile(
                "manifest_guard_policy_reloads_total\\{result=\"" + result + "\"} ([0-9.eE+]+)")
            .matcher(given().get("/q/metrics").asString());
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  @Test
  @Order(1)
  @DisplayName("the policy file is used: an excluded user's request is allowed untouched")
  void excludedUser() {
    JsonNode response = Reviews.verdict(Reviews.own("rollout-negative-ci-user.json"));
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("warnings")).isFalse();
    assertThat(response.has("auditAnnotations")).isFalse();
  }

  @Test
  @Order(2)
  @DisplayName(
      "a rule the policy sets to warn allows, with at most 20 warnings then a summary line")
  void warningsLimit() {
    JsonNode response = Reviews.verdict(Reviews.own("rollout-thirty-negative.json"));
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("warnings")).hasSize(21);
    response.path("warnings").forEach(w -> assertThat(w.asText()).hasSizeLessThan(256));
    assertThat(response.path("warnings").get(0).asText())
        .startsWith(
            "[resource-quantity-negative] spec.template.spec.containers[0].resources.requests.cpu: ");
    assertThat(response.path("warnings").get(20).asText()).isEqualTo("... and 10 more warnings");
  }

  @Test
  @Order(3)
  @DisplayName(
      "a changed policy (ConfigMap symlink swap) is applied; an invalid one is refused and the last good kept")
  void policyReload() throws Exception {
    double success = reloads("success");
    double failure = reloads("failure");
    try {
      LiveFilesProfile.swapPolicy("rules:\n  resource-quantity-negative: deny\n");
      await("a successful reload", () -> reloads("success") > success);
      assertThat(
              Reviews.verdict(Reviews.own("rollout-negative-ci-user.json"))
                  .path("allowed")
                  .asBoolean())
          .isFalse();

      LiveFilesProfile.swapPolicy("rules:\n  resource-quantity-negativ: warn\n");
      await("a failed reload", () -> reloads("failure") > failure);
      assertThat(
              Reviews.verdict(Reviews.own("rollout-negative-cpu.json")).path("allowed").asBoolean())
          .isFalse();
    } finally {
      double before = reloads("success");
      LiveFilesProfile.swapPolicy(LiveFilesProfile.INITIAL_POLICY);
      await("the initial policy back", () -> reloads("success") > before);
    }
    assertThat(
            Reviews.verdict(Reviews.own("rollout-negative-cpu.json")).path("allowed").asBoolean())
        .isTrue();
  }

  @Test
  @Order(4)
  @DisplayName(
      "HTTPS serves the given PEM files and picks up a replaced certificate without restart")
  void tlsReload() throws Exception {
    assertThat(Tls.handshake(https.getPort()).commonName()).isEqualTo("CN=first-cert");
    LiveFilesProfile.replaceCertificate("second-cert");
    await(
        "the new certificate on a new connection",
        () -> {
          try {
            return Tls.handshake(https.getPort()).commonName().equals("CN=second-cert");
          } catch (Exception e) {
            return false;
          }
        });
  }
}
