package dev.manifestguard.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetricsAndHealthTest {

  @Test
  @DisplayName("/q/metrics exposes the manifest_guard metrics in Prometheus format")
  void metrics() {
    Reviews.verdict(Reviews.own("rollout-negative-cpu.json"));
    Reviews.post("not json");
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains(
            "manifest_guard_admission_requests_total{decision=\"denied\",kind=\"Rollout\",operation=\"CREATE\"}")
        .contains(
            "manifest_guard_admission_requests_total{decision=\"invalid\",kind=\"unknown\",operation=\"unknown\"}")
        .contains("manifest_guard_admission_duration_seconds_bucket{")
        .contains(
            "manifest_guard_findings_total{action=\"deny\",rule=\"resource-quantity-negative\"}")
        .contains("manifest_guard_policy_reloads_total{result=\"success\"} 0")
        .contains("manifest_guard_policy_reloads_total{result=\"failure\"} 0")
        .contains("manifest_guard_cache_synced 1");
  }

  @Test
  @DisplayName("liveness and readiness are up with no cluster")
  void health() {
    given().get("/q/health/live").then().statusCode(200);
    String ready = given().get("/q/health/ready").then().statusCode(200).extract().asString();
    assertThat(ready).contains("manifest-guard").contains("\"cacheSynced\": true");
  }
}
